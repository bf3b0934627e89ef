// The app API's OpenAPI 3.1 document, generated from the route table so it cannot drift from the router.
import { APP_API_SCHEMAS, schemaRef, type JsonSchema } from './app-api-schemas.ts';
import {
  WORKSPACE_ID_PARAMETER,
  documentPath,
  type AppApiRoute,
  type ParameterSpec,
} from './app-api-routes.ts';

export const OPENAPI_PATH = '/openapi.json';

function parameterObject(spec: ParameterSpec): JsonSchema {
  if (spec.in === 'path') {
    return {
      name: spec.name,
      in: 'path',
      required: true,
      description: spec.description,
      schema: { type: 'string', pattern: spec.pattern.source, maxLength: spec.maxLength },
    };
  }
  return {
    name: spec.name,
    in: 'query',
    required: false,
    description: spec.description,
    schema: { type: 'integer', ...spec.integer },
  };
}

const errorContent = { 'application/json': { schema: schemaRef('Error') } };

const SHARED_RESPONSES: Readonly<Record<string, JsonSchema>> = {
  BadRequest: {
    description:
      'A parameter is malformed, or the request carries more than one Authorization header.',
    content: errorContent,
  },
  Unauthorized: {
    description:
      'No bearer token: the Authorization header is missing, uses another scheme (Basic...) or carries no usable token.',
    headers: {
      'WWW-Authenticate': {
        description: 'Bearer realm="smsbridge-app-api" (RFC 6750 §3).',
        schema: { type: 'string' },
      },
    },
    content: errorContent,
  },
  Forbidden: {
    description:
      "The token does not give access to this workspace. The answer is the same for a wrong token, another workspace's token, an unknown workspace and a workspace without an app API token.",
    content: errorContent,
  },
};

function operation(route: AppApiRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {
    '200': {
      description: route.summary,
      content: { 'application/json': { schema: schemaRef(route.responseSchema) } },
    },
    '400': { $ref: '#/components/responses/BadRequest' },
    '401': { $ref: '#/components/responses/Unauthorized' },
    '403': { $ref: '#/components/responses/Forbidden' },
  };
  if (route.notFound !== undefined) {
    responses['404'] = { description: route.notFound, content: errorContent };
  }
  for (const [status, extra] of Object.entries(route.extraResponses ?? {})) {
    responses[status] = {
      description: extra.description,
      content: { 'application/json': { schema: schemaRef(extra.schema ?? 'Error') } },
    };
  }
  if (route.requestBody !== undefined) {
    responses['413'] = { description: 'The body is larger than 16 KB.', content: errorContent };
    responses['415'] = { description: 'The body is not application/json.', content: errorContent };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    parameters: [WORKSPACE_ID_PARAMETER, ...route.parameters].map(parameterObject),
    ...(route.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaRef(route.requestBody.schema) } },
          },
        }),
    responses,
  };
}

export function buildOpenApiDocument(
  routes: readonly AppApiRoute[],
  serverUrl: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = documentPath(route);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SMS Bridge relay: app API',
      version: '1.0.0',
      description:
        "What the Zendesk and Freshdesk sidebar apps read from the relay (a ticket's SMS conversation, consent and its history, delivery statuses and quick replies) and the one thing they write: a text sent from the sidebar. Every request carries the workspace's app API token (`workspaces[].appApiToken`) as a bearer token; the helpdesks send it from their servers (ZAF secure settings, Freshworks request templates), so the API answers no cross-origin browser requests.",
    },
    servers: [{ url: serverUrl }],
    security: [{ appApiToken: [] }],
    paths,
    components: {
      securitySchemes: {
        appApiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The workspace's app API token, from the environment variable named by `workspaces[].appApiToken`.",
        },
      },
      schemas: APP_API_SCHEMAS,
      responses: SHARED_RESPONSES,
    },
  };
}
