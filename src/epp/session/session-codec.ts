import type { RegistryProfileName } from '../codec/context';

/**
 * What the session needs from the codec, injected so the session state machine can be built and
 * tested on its own. `default-codec.ts` wires the real encoders and decoders. The greeting and
 * response types are generic: the session only reads the fields named here and hands the rest,
 * untouched, to its caller.
 */
export interface GreetingLike {
  readonly svID: string;
  readonly objURIs: readonly string[];
  readonly extURIs: readonly string[];
}

export interface ResultLike {
  readonly code: number;
  readonly message: string;
}

export interface ResponseLike {
  readonly results: readonly ResultLike[];
  readonly trID: { readonly clTRID?: string; readonly svTRID?: string };
}

export type DecodedFrameLike<G, R> = { kind: 'greeting'; greeting: G } | { kind: 'response'; response: R };

export interface LoginParams {
  readonly clientId: string;
  readonly password: string;
  readonly newPassword?: string;
  readonly version?: '1.0';
  readonly lang?: string;
  readonly objURIs: readonly string[];
  readonly extURIs: readonly string[];
}

export interface ChosenServices {
  readonly objURIs: readonly string[];
  readonly extURIs: readonly string[];
}

/** A short description of a command for logs: never carries a password or personal data. */
export interface CommandSummary {
  readonly command: string;
  readonly objectId?: string;
  readonly clTRID?: string;
}

export interface SessionCodec<G extends GreetingLike, R extends ResponseLike> {
  hello(): string;
  login(params: LoginParams, clTRID: string): string;
  logout(clTRID: string): string;
  decode(xml: string): DecodedFrameLike<G, R>;
  /** The login `svcs`: what the greeting offers intersected with what we support. */
  chooseServices(greeting: G): ChosenServices;
  chooseProfile(greeting: G): RegistryProfileName;
  summarize(xml: string): CommandSummary;
}
