/**
 * What an encoder needs to know about the session it encodes for. Encoders announce and use only the
 * extensions negotiated at login (the intersection of the server's greeting and what we support), so
 * a frame never carries an extension the server did not offer.
 */
export type RegistryProfileName = 'hello' | 'drs5';

export interface EncodeContext {
  /** Client transaction id for this command (unique per command; see the session's generator). */
  readonly clTRID: string;
  /** Extension namespace URIs negotiated at login (`svcExtension/extURI`). */
  readonly extensions: ReadonlySet<string>;
  /** The registry profile in force: `hello` (Hello Registry / CIRA Fury) or `drs5` (legacy SIDN). */
  readonly profile: RegistryProfileName;
}
