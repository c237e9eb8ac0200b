import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_PATH_PATTERN } from '../../lib/web-client';
import { logicalIdOf, ref, resourcesOfType, synthPortico } from './support/portico-app';

/** The web client's hosting: a private bucket behind CloudFront, which also serves the API on the same origin. */
const { stack, template } = synthPortico();
const web = stack.webClient;

function distributionConfig(): Record<string, unknown> {
  const [distribution] = Object.values(resourcesOfType(template, 'AWS::CloudFront::Distribution'));
  return (distribution?.Properties?.DistributionConfig ?? {}) as Record<string, unknown>;
}

describe('web client', () => {
  it('keeps the assets bucket private, encrypted, TLS-only and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: ref(web.logBucket), LogFilePrefix: 's3/' },
    });
    // enforceSSL: every request over plain HTTP is denied.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(web.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets only the distribution read the bucket, through Origin Access Control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(web.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });

  it('serves the client from the bucket over HTTPS, with security headers and History API fallback', () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging).toEqual(expect.objectContaining({ Prefix: 'cloudfront/' }));
    const behavior = config.DefaultCacheBehavior as Record<string, unknown>;
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    // No error-page rewrite for the whole distribution: it would turn the API's 404s into index.html.
    expect(config.CustomErrorResponses).toBeUndefined();
    const [policy] = Object.values(resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = JSON.stringify(policy?.Properties);
    expect(headers).toContain("frame-ancestors 'none'");
    expect(headers).toContain('StrictTransportSecurity');
    const [rewrite] = Object.values(resourcesOfType(template, 'AWS::CloudFront::Function'));
    expect(String(rewrite?.Properties?.FunctionCode)).toContain("request.uri = '/index.html'");
  });

  it('sends /v1/* to the API stage uncached with every viewer header but Host, so the browser sees one origin', () => {
    const config = distributionConfig();
    const [apiBehavior, ...others] = config.CacheBehaviors as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(apiBehavior).toEqual(
      expect.objectContaining({
        PathPattern: API_PATH_PATTERN,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        // The managed CachingDisabled and AllViewerExceptHostHeader policies.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      }),
    );
    const origins = config.Origins as {
      Id: string;
      OriginPath?: string;
      CustomOriginConfig?: Record<string, unknown>;
    }[];
    const apiOrigin = origins.find((origin) => origin.Id === apiBehavior?.TargetOriginId);
    // The stage's path (/api), cut from the stage URL at deployment: `/` + the URL's fourth segment.
    const originPath = JSON.stringify(apiOrigin?.OriginPath);
    expect(originPath).toMatch(/^\{"Fn::Join":\["",\["\/",\{"Fn::Select":\[3,/);
    expect(originPath).toContain(logicalIdOf(stack.api.restApi));
    expect(originPath).toContain(logicalIdOf(stack.api.restApi.deploymentStage));
    expect(apiOrigin?.CustomOriginConfig).toEqual(
      expect.objectContaining({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] }),
    );
  });

  it('deploys the build, then index.html and config.json uncached, and invalidates those two', () => {
    const deployments = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(2);
    const entry = deployments.find((deployment) => deployment.Properties?.DistributionPaths);
    const assets = deployments.find((deployment) => deployment !== entry);
    expect(assets?.Properties).toEqual(
      expect.objectContaining({
        Prune: false,
        Exclude: ['index.html'],
        SystemMetadata: expect.objectContaining({ 'cache-control': 'public, max-age=31536000, immutable' }),
      }),
    );
    expect(entry?.Properties).toEqual(
      expect.objectContaining({
        Prune: false,
        Exclude: ['*'],
        Include: ['index.html', 'config.json'],
        DistributionPaths: ['/index.html', '/config.json'],
        SystemMetadata: expect.objectContaining({ 'cache-control': 'no-cache' }),
      }),
    );
  });

  it('puts only public sign-in settings in config.json: the region, its Cognito endpoint and the client id', () => {
    const entry = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment')).find(
      (deployment) => deployment.Properties?.DistributionPaths,
    );
    const markers = JSON.stringify(entry?.Properties?.SourceMarkers);
    expect(markers).toContain(logicalIdOf(stack.identity.webClient));
    expect(markers).not.toMatch(/secret|password/i);
    template.hasOutput('WebClientUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(web.distribution), 'DomainName'] }]],
      },
    });
  });
});
