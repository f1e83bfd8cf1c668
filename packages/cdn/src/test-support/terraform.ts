/**
 * An `aws_cloudfront_distribution` named `name` whose `body` (origins, behaviours, other arguments) is
 * written between `enabled = true` and the two blocks every distribution needs (no geographic
 * restriction, the default certificate).
 */
export function tfDistribution(name: string, body: string): string {
  return `
resource "aws_cloudfront_distribution" "${name}" {
  enabled = true
${body}
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}`;
}
