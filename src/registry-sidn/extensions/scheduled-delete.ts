import type { ScheduledDelete } from '../../epp/codec/commands/types';
import { EncodeError } from '../../epp/codec/commands/encode-error';
import { date } from '../../epp/codec/commands/values';
import { NS } from '../../epp/codec/namespaces';
import { el, leaf, type XmlBuildElement } from '../../epp/codec/xml';

/**
 * DRS5 scheduled delete (`sidn-ext-epp-scheduled-delete-1.0`, 2019) on domain:update: `setDate`
 * with a date, `setDateToEndOfSubscriptionPeriod`, or `cancel`. `date` only with `setDate`.
 */
export function scheduledDeleteUpdate(sd: ScheduledDelete): XmlBuildElement {
  const ops = ['setDate', 'setDateToEndOfSubscriptionPeriod', 'cancel'];
  if (!ops.includes(sd.operation)) {
    throw new EncodeError('invalid-value', `scheduledDelete.operation: must be one of ${ops.join(', ')}`);
  }
  return el('scheduledDelete:update', { 'xmlns:scheduledDelete': NS.sidnScheduledDelete }, [
    leaf('scheduledDelete:operation', sd.operation),
    sd.operation === 'setDate' && leaf('scheduledDelete:date', date('scheduledDelete.date', sd.date)),
  ]);
}
