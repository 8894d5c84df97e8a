// The audit log: who changed what, when, with each changed field's before and after.
import { For, type JSX, onMount, Show } from 'solid-js';
import { formatDate, formatTime } from '../../web/i18n';
import { Button, createForm, FormAlert } from './forms';
import { type AuditItem, useAdmin } from './state';
import { t } from './text';

type Flat = Record<string, string>;

function flatten(v: unknown, prefix = '', out: Flat = {}): Flat {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

type Session = { weekday: number; opensAt: number; closesAt: number };
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Opening hours read as "Thứ Bảy 13:30–16:00": sessions removed and added. */
function hoursChange(before: unknown, after: unknown) {
  const line = (h: Session) => `${t(`day_${h.weekday}` as 'day_0')} ${clock(h.opensAt)}–${clock(h.closesAt)}`;
  const a = ((before ?? []) as Session[]).map(line);
  const b = ((after ?? []) as Session[]).map(line);
  return [
    ...a.filter((x) => !b.includes(x)).map((x) => ({ field: t('entity_hours'), before: x })),
    ...b.filter((x) => !a.includes(x)).map((x) => ({ field: t('entity_hours'), after: x })),
  ];
}

/** The fields that differ, as "field: before → after"; a created or deleted row shows its filled fields. */
export function differences(
  item: Pick<AuditItem, 'before' | 'after' | 'entity'>,
): { field: string; before?: string; after?: string }[] {
  if (item.entity === 'hours') return hoursChange(item.before, item.after);
  const a = flatten(item.before);
  const b = flatten(item.after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const whole = item.before === null || item.after === null;
  return keys
    .filter((k) => a[k] !== b[k] && !(whole && (a[k] ?? b[k]) === 'null'))
    .map((k) => ({ field: k, before: a[k], after: b[k] }));
}

export function AuditSection(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  onMount(() => void form.submit(() => admin.loadAudit()));
  return (
    <section class="adm-card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('recentChanges')}</h2>
      <FormAlert form={form} />
      <Show when={admin.audit().length} fallback={<p>{form.busy() ? t('loading') : t('noAudit')}</p>}>
        <div class="adm-scroll">
          <table class="adm-table adm-audit">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('what')}</th>
                <th scope="col">{t('changes')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={admin.audit()}>
                {(item) => (
                  <tr>
                    <td class="adm-nowrap">
                      <time datetime={item.at}>
                        {formatTime(item.at)}
                        <br />
                        <span class="adm-small">{formatDate(item.at)}</span>
                      </time>
                    </td>
                    <td>{item.displayName ?? item.username ?? t('none')}</td>
                    <td>
                      {t(`action_${item.action}` as 'action_create')} {t(`entity_${item.entity}` as 'entity_office')}
                      <Show when={item.entityId}> #{item.entityId}</Show>
                    </td>
                    <td>
                      <ul class="adm-diff">
                        <For each={differences(item).slice(0, 12)}>
                          {(d) => (
                            <li>
                              <code>{d.field}</code>:{' '}
                              <Show when={d.before !== undefined}>
                                <del>{d.before}</del>
                              </Show>
                              <Show when={d.before !== undefined && d.after !== undefined}> → </Show>
                              <Show when={d.after !== undefined}>
                                <ins>{d.after}</ins>
                              </Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={admin.auditNext() !== null}>
          <div class="adm-actions">
            <Button onClick={() => void form.submit(() => admin.loadAudit(true))}>{t('more')}</Button>
          </div>
        </Show>
      </Show>
    </section>
  );
}
