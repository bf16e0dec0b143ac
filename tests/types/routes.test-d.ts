import type { IncomingMessage } from 'node:http';
import {
  type CallbackInput,
  type CompletedSignIn,
  createTruecallerRoutes,
  type ErrorAnswer,
  errorResponse,
  type parseCallback,
  type RouteHandler,
  type safeParseCallback,
  type TruecallerClient,
  type TruecallerEvent,
  type TruecallerRoutes,
} from 'truecaller-web-login';
import { fastifyTruecallerRoutes, toExpressHandler, toNodeHandler } from 'truecaller-web-login/node';
import { describe, expectTypeOf, test } from 'vitest';

declare const client: TruecallerClient;

describe('handleCallback', () => {
  test('takes a Request, raw bodies and both parse results', () => {
    expectTypeOf<Request>().toExtend<CallbackInput>();
    expectTypeOf<string>().toExtend<CallbackInput>();
    expectTypeOf<Uint8Array>().toExtend<CallbackInput>();
    expectTypeOf<URLSearchParams>().toExtend<CallbackInput>();
    expectTypeOf<ReturnType<typeof parseCallback>>().toExtend<CallbackInput>();
    expectTypeOf<ReturnType<typeof safeParseCallback>>().toExtend<CallbackInput>();
    expectTypeOf(client.handleCallback).parameter(0).toEqualTypeOf<CallbackInput>();
  });

  test('does not take a Node IncomingMessage', () => {
    expectTypeOf<IncomingMessage>().not.toExtend<CallbackInput>();
  });
});

describe('the routes', () => {
  test('are web-standard handlers', () => {
    const routes = createTruecallerRoutes(client, { state: () => 'sid' });
    expectTypeOf(routes).toEqualTypeOf<TruecallerRoutes>();
    expectTypeOf(routes.start).toEqualTypeOf<RouteHandler>();
    expectTypeOf<RouteHandler>().toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(errorResponse).returns.toEqualTypeOf<Response>();
  });

  test('need a state function, and hand onCompleted the completed sign-in', () => {
    // @ts-expect-error state is required
    createTruecallerRoutes(client, {});
    createTruecallerRoutes(client, {
      state: async (request) => request.headers.get('cookie') ?? undefined,
      onCompleted: (result) => {
        expectTypeOf(result).toEqualTypeOf<CompletedSignIn>();
        expectTypeOf(result.phoneNumber).toEqualTypeOf<string>();
        return Response.json({ status: 'completed' });
      },
    });
  });

  test('never answer invalid_credentials to a browser', () => {
    expectTypeOf<'invalid_credentials'>().not.toExtend<ErrorAnswer['error']>();
    expectTypeOf<'internal_error'>().toExtend<ErrorAnswer['error']>();
  });

  test('mount on Node through the adapters', () => {
    const routes = createTruecallerRoutes(client, { state: () => 'sid' });
    expectTypeOf(toNodeHandler(routes.callback)).parameters.toMatchTypeOf<[IncomingMessage, unknown]>();
    expectTypeOf(toExpressHandler(routes.callback)).returns.toEqualTypeOf<void>();
    expectTypeOf(fastifyTruecallerRoutes).returns.toEqualTypeOf<Promise<void>>();
  });
});

describe('TruecallerEvent', () => {
  test('is told apart by type, each with its own fields', () => {
    expectTypeOf<Extract<TruecallerEvent, { type: 'callback_refused' }>['code']>().toEqualTypeOf<
      import('truecaller-web-login').TruecallerErrorCode
    >();
    expectTypeOf<Extract<TruecallerEvent, { type: 'completed' }>['phoneNumber']>().toEqualTypeOf<string>();
    expectTypeOf<TruecallerEvent['durationMs']>().toEqualTypeOf<number>();
  });
});
