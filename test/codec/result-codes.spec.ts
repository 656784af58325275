import {
  classifyResultCode,
  describeResultCode,
  endsSession,
  EppErrorCode,
  errorCodeForResultCode,
  isPending,
  isPermanent,
  isSessionEnding,
  isSuccess,
  isTransient,
  RESULT_CODE_TEXT,
  ResultCode,
} from '../../src/epp/codec';

describe('result codes (RFC 5730 §3)', () => {
  it('names every code RFC 5730 §3 defines, with its RFC text', () => {
    const codes = Object.values(ResultCode).sort();
    expect(codes).toEqual(
      [
        1000, 1001, 1300, 1301, 1500, 2000, 2001, 2002, 2003, 2004, 2005, 2100, 2101, 2102, 2103, 2104, 2105,
        2106, 2200, 2201, 2202, 2300, 2301, 2302, 2303, 2304, 2305, 2306, 2307, 2308, 2400, 2500, 2501, 2502,
      ].sort(),
    );
    for (const code of codes) expect(RESULT_CODE_TEXT[code]).toBeTruthy();
    expect(describeResultCode(2305)).toBe('Object association prohibits operation');
    expect(describeResultCode(2999)).toBe('Unknown result code 2999');
  });

  it('classifies 1000, 1300, 1301 and 1500 as success (RFC 5730 §3)', () => {
    for (const code of [1000, 1300, 1301, 1500]) {
      expect(classifyResultCode(code)).toBe('success');
      expect(isSuccess(code)).toBe(true);
    }
  });

  it('classifies 1001 as pending, which is still a success (RFC 5730 §3)', () => {
    expect(classifyResultCode(1001)).toBe('pending');
    expect(isPending(1001)).toBe(true);
    expect(isSuccess(1001)).toBe(true);
    expect(isPending(1000)).toBe(false);
  });

  it('classifies 2000-2308 as client errors and 2400-2502 as server errors (RFC 5730 §3)', () => {
    for (const code of [2000, 2005, 2201, 2302, 2303, 2308])
      expect(classifyResultCode(code)).toBe('client-error');
    for (const code of [2400, 2500, 2501, 2502]) expect(classifyResultCode(code)).toBe('server-error');
    expect(isSuccess(2302)).toBe(false);
  });

  it('never mistakes a code outside the RFC ranges for success', () => {
    for (const code of [0, 999, 3000, Number.NaN]) {
      expect(isSuccess(code)).toBe(false);
      expect(classifyResultCode(code)).toBe('server-error');
    }
  });

  it('marks 2500, 2501 and 2502 as session-ending (RFC 5730 §3: the server closes the connection)', () => {
    for (const code of [2500, 2501, 2502]) expect(isSessionEnding(code)).toBe(true);
    for (const code of [1000, 1500, 2400, 2308]) expect(isSessionEnding(code)).toBe(false);
    expect(endsSession(1500)).toBe(true);
    expect(endsSession(2502)).toBe(true);
    expect(endsSession(1000)).toBe(false);
  });
});

describe('typed error codes from result codes (RFC 5730 §3)', () => {
  const cases: [number, EppErrorCode][] = [
    [2001, EppErrorCode.SyntaxError],
    [2004, EppErrorCode.ParameterRange],
    [2005, EppErrorCode.ParameterSyntax],
    [2101, EppErrorCode.Unimplemented],
    [2104, EppErrorCode.BillingFailure],
    [2200, EppErrorCode.AuthenticationError],
    [2201, EppErrorCode.AuthorizationError],
    [2202, EppErrorCode.InvalidAuthorizationInfo],
    [2301, EppErrorCode.ObjectNotPendingTransfer],
    [2302, EppErrorCode.ObjectExists],
    [2303, EppErrorCode.ObjectDoesNotExist],
    [2304, EppErrorCode.StatusProhibitsOperation],
    [2305, EppErrorCode.ObjectAssociationProhibits],
    [2306, EppErrorCode.ParameterPolicy],
    [2308, EppErrorCode.DataManagementPolicy],
    [2400, EppErrorCode.CommandFailed],
    [2500, EppErrorCode.CommandFailedServerClosing],
    [2501, EppErrorCode.AuthenticationErrorServerClosing],
    [2502, EppErrorCode.SessionLimitExceeded],
    [2999, EppErrorCode.Unknown],
  ];
  it.each(cases)('maps %i to %s (RFC 5730 §3)', (code, expected) => {
    expect(errorCodeForResultCode(code)).toBe(expected);
  });

  it('maps every RFC 5730 §3 failure code to a specific typed code', () => {
    for (const code of Object.values(ResultCode).filter((c) => c >= 2000)) {
      expect(errorCodeForResultCode(code)).not.toBe(EppErrorCode.Unknown);
    }
  });
});

describe('transient vs permanent (what the order workflow may retry)', () => {
  it('treats 2400 and the session-ending codes as transient', () => {
    for (const code of [2400, 2500, 2501, 2502]) {
      expect(isTransient(errorCodeForResultCode(code))).toBe(true);
      expect(isPermanent(errorCodeForResultCode(code))).toBe(false);
    }
  });

  it('treats 2302 taken, 2306 policy, 2201 not ours and 2303 unknown as permanent', () => {
    for (const code of [2302, 2306, 2201, 2303, 2305, 2005, 2104]) {
      expect(isPermanent(errorCodeForResultCode(code))).toBe(true);
    }
  });

  it('treats an unknown code as permanent: never loop on what we do not understand', () => {
    expect(isPermanent(EppErrorCode.Unknown)).toBe(true);
  });
});
