// One renderer of received values for every package's misuse messages: @edgecase/cdn's.
export { describeValue } from '@edgecase/cdn';
