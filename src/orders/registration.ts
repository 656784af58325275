import type { Period } from '../epp/codec/commands/types';

export const REGISTRATION_STATUSES = [
  'accepted',
  'contact-ready',
  'registered',
  'failed',
  'needs-attention',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RegistrationStatus[] = ['registered', 'failed', 'needs-attention'];

export type WorkflowStep = 'ensure-contact' | 'create-domain';

/** A registration as stored (no personal data: the profile lives encrypted per subject). */
export interface Registration {
  id: string;
  clientName: string;
  idempotencyKey: string;
  requestDigest: string;
  orderId: string | null;
  subjectId: string;
  customerId: string;
  domainName: string;
  domainUnicode: string;
  nameservers: string[];
  period: Period;
  status: RegistrationStatus;
  registrantHandle: string | null;
  domainCreateSent: boolean;
  contactSvTRID: string | null;
  domainSvTRID: string | null;
  errorCode: string | null;
  errorReason: string | null;
  registryResultCode: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TimelineEvent {
  at: Date;
  step: string;
  status: string;
  detail: string | null;
  resultCode: number | null;
  svTRID: string | null;
}
