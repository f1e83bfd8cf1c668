import { describe, expect, it } from 'vitest';
import { escapeXml, listBucketXml, s3ErrorXml } from './s3-xml.js';

describe('s3ErrorXml', () => {
  it('renders S3 error documents with the extra fields escaped', () => {
    expect(s3ErrorXml('NoSuchKey', [['Key', 'a&b<c>.txt']], '0000000000000001')).toMatchInlineSnapshot(
      `"<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b&lt;c&gt;.txt</Key><RequestId>0000000000000001</RequestId><HostId>ZWRnZWNhc2UvMDAwMDAwMDAwMDAwMDAwMQ==</HostId></Error>"`,
    );
  });

  it('renders AccessDenied without naming the key', () => {
    const xml = s3ErrorXml('AccessDenied', [], '1');
    expect(xml).toContain(
      '<Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId>',
    );
    expect(xml).not.toContain('<Key>');
  });
});

describe('listBucketXml', () => {
  it('lists keys with ISO dates and quoted ETags', () => {
    const xml = listBucketXml({
      bucket: 'b',
      prefix: '',
      maxKeys: 1000,
      isTruncated: false,
      entries: [{ key: 'a.txt', lastModifiedMs: Date.UTC(2026, 0, 1), etag: '"e"', size: 3 }],
    });
    expect(xml).toContain('<Name>b</Name>');
    expect(xml).toContain(
      '<Contents><Key>a.txt</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>3</Size>',
    );
    expect(xml).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('lists nothing for an empty bucket', () => {
    const xml = listBucketXml({ bucket: 'b', prefix: 'x/', maxKeys: 0, isTruncated: false, entries: [] });
    expect(xml).not.toContain('<Contents>');
    expect(xml).toContain('<Prefix>x/</Prefix><Marker></Marker><MaxKeys>0</MaxKeys>');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
  });
});
