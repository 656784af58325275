// The EPP codec: pure functions from typed commands to XML and from XML to typed responses.
export * from './xml';
export * from './namespaces';
export * from './context';
export * from './commands';
export * from './responses';
export * from './greeting';
export * from './result-code';
export * from './errors';
