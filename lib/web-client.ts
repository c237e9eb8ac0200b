import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  type CfnElement,
  DefaultStackSynthesizer,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from './portico-function';

/** The web client's sources (Vite + TypeScript); its build is what the bucket serves. */
export const WEB_ROOT = path.join(PROJECT_ROOT, 'web');

/** The API's paths on the distribution: the browser calls `/v1/...` on the client's own origin. */
export const API_PATH_PATTERN = '/v1/*';

/**
 * Rewrites every path that does not name a file to /index.html (the client routes with the History API). On
 * the bucket's behaviour only: the API's 404s stay the API's.
 */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

export interface PorticoWebClientProps {
  /** The REST API, served under `/v1/*` on the same distribution. */
  readonly restApi: RestApi;
  /** The browser's user pool client; its id goes into config.json. */
  readonly userPoolClient: IUserPoolClient;
  /** A CLOUDFRONT-scope web ACL (us-east-1) for the distribution; see PorticoSettings.cloudFrontWebAclArn. */
  readonly webAclArn?: string | undefined;
  /** Where the client's sources are. @default WEB_ROOT */
  readonly webRoot?: string;
}

/**
 * The web client as static assets: a private, encrypted S3 bucket behind a CloudFront distribution (Origin
 * Access Control), with a second behaviour that sends `/v1/*` to the API stage uncached, so the browser sees one
 * origin and no CORS is involved. `config.json` (the public sign-in settings) is deployed beside the build.
 *
 * The build runs at synthesis: the asset is bundled locally with `vite build` (a second or two; no Docker), so
 * a plain `cdk synth` on a clean clone works offline after `npm ci`.
 */
export class PorticoWebClient extends Construct {
  /** Holds the built client and config.json; readable only by the distribution. */
  public readonly bucket: Bucket;
  /** CloudFront and S3 access logs. */
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  /** `https://<distribution domain>`: the client, and the API under /v1. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PorticoWebClientProps) {
    super(scope, id);
    // S3 delivers the bucket's access logs under a bucket policy, not the deprecated LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const stack = Stack.of(this);
    const webRoot = props.webRoot ?? WEB_ROOT;

    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access log bucket itself; logging its own access would log forever.',
    });

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // The assets are rebuilt from source on every deployment.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const cognitoOrigin = `https://cognito-idp.${stack.region}.${stack.urlSuffix}`;
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Portico web client: CSP (API on this origin, sign-in at Cognito), HSTS and friends',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
            `connect-src 'self' ${cognitoOrigin}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; ` +
            "object-src 'none'",
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Portico web client and API on one origin',
      ...(props.webAclArn === undefined ? {} : { webAclId: props.webAclArn }),
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'SpaRewrite', {
              comment: 'Paths that are not files get /index.html (History API routing)',
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(SPA_REWRITE),
            }),
          },
        ],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          // The stage's invoke URL; its path (/api) is the origin path, so /v1/me reaches /api/v1/me.
          origin: new RestApiOrigin(props.restApi),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Authorization, Content-Type, query strings … reach the API; Host must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // The client build (hashed file names, cached for a year), then index.html and config.json (never cached,
    // so a deployment shows at once). Neither prunes: a page loaded before a deployment still finds its assets.
    const build = Source.asset(webRoot, {
      exclude: ['dist', 'dist.*', 'node_modules', 'README.md'],
      bundling: {
        // Only used when local bundling fails (no Node.js on the machine).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        command: ['sh', '-c', 'npx --yes vite@8 build /asset-input --outDir /asset-output --emptyOutDir'],
        local: {
          tryBundle(outputDir) {
            const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
            execFileSync(
              process.execPath,
              [vite, 'build', webRoot, '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'],
              { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
            );
            return true;
          },
        },
      },
    });
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [build],
      destinationBucket: this.bucket,
      exclude: ['index.html'],
      prune: false,
      cacheControl: [
        CacheControl.setPublic(),
        CacheControl.maxAge(Duration.days(365)),
        CacheControl.immutable(),
      ],
    });
    const entry = new BucketDeployment(this, 'DeployEntry', {
      sources: [build, this.configSource(props.userPoolClient)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['index.html', 'config.json'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    entry.node.addDependency(assets);

    this.acknowledgeFindings(props.webAclArn !== undefined);
  }

  /** The public sign-in settings the client reads at run time (web/src/config.ts): no secret. */
  private configSource(client: IUserPoolClient): ISource {
    const stack = Stack.of(this);
    return Source.jsonData('config.json', {
      cognitoEndpoint: `https://cognito-idp.${stack.region}.${stack.urlSuffix}/`,
      region: stack.region,
      userPoolClientId: client.userPoolClientId,
    });
  }

  private acknowledgeFindings(hasWebAcl: boolean): void {
    const distribution = this.distribution.node.defaultChild as Construct;
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: customers and partners sign in from anywhere; the API applies its own rules per account.',
    });
    if (!hasWebAcl) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No edge web ACL in this deployment (portico:cloudFrontWebAclArn unset; a CLOUDFRONT-scope ACL must be ' +
          'created in us-east-1, by the PorticoEdgeWaf stack). Everything under /v1 still passes the regional ' +
          "web ACL on the API stage; the rest is the client's static files, cached at the edge.",
      });
    }
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, with which CloudFront does not allow ' +
        'choosing the minimum viewer TLS version; a custom domain with an ACM certificate (TLSv1.2_2021) lifts it.',
    });
    // The BucketDeployment provider: one Lambda function per stack, made and configured by aws-cdk-lib.
    const stack = Stack.of(this);
    const provider = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!provider) throw new Error('expected the BucketDeployment provider function');
    const library =
      "aws-cdk-lib's BucketDeployment provider copies the built client into the bucket at deployment";
    const qualifier =
      (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetsBucketLogicalId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const acknowledgements: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': `${library}; its role has only the basic execution policy for its logs.`,
      ...Object.fromEntries(
        ['s3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => [
          `AwsSolutions-IAM5[Action::${action}]`,
          `${library}: it reads the build from the CDK assets bucket (grantRead's actions).`,
        ]),
      ),
      ...Object.fromEntries(
        ['s3:Abort*', 's3:DeleteObject*'].map((action) => [
          `AwsSolutions-IAM5[Action::${action}]`,
          `${library}: it writes the client's bucket only (grantReadWrite's actions).`,
        ]),
      ),
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`]: `${library}: the objects it reads are the CDK assets of this deployment.`,
      [`AwsSolutions-IAM5[Resource::<${assetsBucketLogicalId}.Arn>/*]`]: `${library}: the objects it writes are the client's files, all in this bucket.`,
      'AwsSolutions-L1': `${library}: its runtime is the one aws-cdk-lib bundles the provider for, updated with the library.`,
      'AwsSolutions-IAM5[Resource::*]': `${library}: CloudFront invalidations (index.html and config.json after a deployment) cannot be scoped to a distribution in IAM.`,
    };
    for (const [id, reason] of Object.entries(acknowledgements))
      Validations.of(provider).acknowledge({ id, reason });
  }
}
