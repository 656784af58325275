export * from './types';
export * from './decode-error';
export { decodeFrame, decodeResponse, isCommandFrame } from './frame.decoder';
export type { EppFrame } from './frame.decoder';
export { decodeResponseElement } from './response.decoder';
export { frameKindOf, parseEppDocument } from './parse';
export type { EppFrameKind } from './parse';
