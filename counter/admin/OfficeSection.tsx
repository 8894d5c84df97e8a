// The office's name, address and time zone, and its operating settings.
import { createEffect, createSignal, For, type JSX, Show } from 'solid-js';
import { createForm, Field, FormActions, FormAlert } from './forms';
import { type Settings, useAdmin } from './state';
import { t } from './text';

const timezones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC'];
  }
})();

export function OfficeSection(): JSX.Element {
  return (
    <>
      <OfficeForm />
      <SettingsForm />
      <Show when={useAdmin().me()?.officeId === null}>
        <NewOfficeForm />
      </Show>
    </>
  );
}

function OfficeForm(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [name, setName] = createSignal('');
  const [address, setAddress] = createSignal('');
  const [timezone, setTimezone] = createSignal('');
  createEffect(() => {
    const o = admin.office();
    if (!o) return;
    setName(o.name);
    setAddress(o.address);
    setTimezone(o.timezone);
  });
  return (
    <section class="adm-card" aria-labelledby="office-details">
      <h2 id="office-details">{t('officeDetails')}</h2>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(() => admin.updateOffice({ name: name(), address: address(), timezone: timezone() }, t('saved')));
        }}
      >
        <FormAlert form={form} />
        <div class="adm-grid">
          <Field form={form} name="name" label={t('name')} class="adm-wide">
            {(a) => <input {...a} value={name()} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field form={form} name="address" label={t('address')} class="adm-wide">
            {(a) => <input {...a} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />}
          </Field>
          <Field form={form} name="timezone" label={t('timezone')} hint={t('timezoneHint')}>
            {(a) => (
              <>
                <input {...a} list="adm-timezones" value={timezone()} onInput={(e) => setTimezone(e.currentTarget.value)} />
                <datalist id="adm-timezones">
                  <For each={timezones}>{(z) => <option value={z} />}</For>
                </datalist>
              </>
            )}
          </Field>
        </div>
        <FormActions form={form} submit={t('saveChanges')} />
      </form>
    </section>
  );
}

type Draft = Record<string, string>;

function draftOf(s: Settings): Draft {
  return {
    'fairness.maxPriorityInRow': String(s.fairness.maxPriorityInRow),
    'fairness.maxWaitMinutes': String(s.fairness.maxWaitMinutes),
    'fairness.bookingLeadMinutes': String(s.fairness.bookingLeadMinutes),
    'checkIn.earlyMinutes': String(s.checkIn.earlyMinutes),
    'checkIn.lateMinutes': String(s.checkIn.lateMinutes),
    'booking.minNoticeMinutes': String(s.booking.minNoticeMinutes),
    'booking.maxDaysAhead': String(s.booking.maxDaysAhead),
    'booking.walkInReserve': String(Math.round(s.booking.walkInReserve * 100)),
    ratingScale: String(s.ratingScale),
    targetWaitMinutes: String(s.targetWaitMinutes),
    retentionDays: String(s.retentionDays),
    ticker: s.ticker,
  };
}

function SettingsForm(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [draft, setDraft] = createSignal<Draft>({});
  createEffect(() => {
    const o = admin.office();
    if (o) setDraft(draftOf(o.settings));
  });
  const set = (k: string, v: string) => setDraft({ ...draft(), [k]: v });
  const n = (k: string) => (draft()[k]?.trim() === '' ? Number.NaN : Number(draft()[k]));

  const numberField = (key: string, label: string, hint?: string, step = 1) => (
    <Field form={form} name={key} label={label} hint={hint}>
      {(a) => (
        <input
          {...a}
          type="number"
          inputmode="numeric"
          step={step}
          value={draft()[key] ?? ''}
          onInput={(e) => set(key, e.currentTarget.value)}
        />
      )}
    </Field>
  );

  return (
    <section class="adm-card" aria-labelledby="office-settings">
      <h2 id="office-settings">{t('settings')}</h2>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(() =>
            admin.updateSettings(
              {
                fairness: {
                  maxPriorityInRow: n('fairness.maxPriorityInRow'),
                  maxWaitMinutes: n('fairness.maxWaitMinutes'),
                  bookingLeadMinutes: n('fairness.bookingLeadMinutes'),
                },
                checkIn: { earlyMinutes: n('checkIn.earlyMinutes'), lateMinutes: n('checkIn.lateMinutes') },
                booking: {
                  minNoticeMinutes: n('booking.minNoticeMinutes'),
                  maxDaysAhead: n('booking.maxDaysAhead'),
                  walkInReserve: n('booking.walkInReserve') / 100,
                },
                ratingScale: n('ratingScale') as 3 | 5,
                targetWaitMinutes: n('targetWaitMinutes'),
                retentionDays: n('retentionDays'),
                ticker: draft().ticker ?? '',
              },
              t('saved'),
            ),
          );
        }}
      >
        <FormAlert form={form} />
        <fieldset>
          <legend>{t('fairness')}</legend>
          <div class="adm-grid">
            {numberField('fairness.maxPriorityInRow', t('maxPriorityInRow'), t('maxPriorityInRowHint'))}
            {numberField('fairness.maxWaitMinutes', t('maxWaitMinutes'), t('maxWaitMinutesHint'))}
            {numberField('fairness.bookingLeadMinutes', t('bookingLeadMinutes'))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('checkIn')}</legend>
          <div class="adm-grid">
            {numberField('checkIn.earlyMinutes', t('earlyMinutes'))}
            {numberField('checkIn.lateMinutes', t('lateMinutes'))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('bookingWindow')}</legend>
          <div class="adm-grid">
            {numberField('booking.minNoticeMinutes', t('minNoticeMinutes'))}
            {numberField('booking.maxDaysAhead', t('maxDaysAhead'))}
            {numberField('booking.walkInReserve', t('walkInReserve'))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('service_quality')}</legend>
          <div class="adm-grid">
            <Field form={form} name="ratingScale" label={t('ratingScale')}>
              {(a) => (
                <select {...a} value={draft().ratingScale ?? '5'} onChange={(e) => set('ratingScale', e.currentTarget.value)}>
                  <option value="5">{t('scale5')}</option>
                  <option value="3">{t('scale3')}</option>
                </select>
              )}
            </Field>
            {numberField('targetWaitMinutes', t('targetWaitMinutes'))}
            {numberField('retentionDays', t('retentionDays'), t('retentionDaysHint'))}
            <Field form={form} name="ticker" label={t('ticker')} class="adm-wide">
              {(a) => (
                <textarea
                  {...a}
                  rows={2}
                  maxlength={500}
                  value={draft().ticker ?? ''}
                  onInput={(e) => set('ticker', e.currentTarget.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <FormActions
          form={form}
          submit={t('saveChanges')}
          onCancel={() => admin.office() && setDraft(draftOf(admin.office()!.settings))}
        />
      </form>
    </section>
  );
}

/** Only an admin of every office may add one; it starts with default settings and no services. */
function NewOfficeForm(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [name, setName] = createSignal('');
  const [address, setAddress] = createSignal('');
  return (
    <section class="adm-card" aria-labelledby="office-new">
      <h2 id="office-new">{t('newOffice')}</h2>
      <p class="adm-hint">{t('newOfficeHint')}</p>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void form
            .submit(() =>
              admin.addOffice({ name: name().trim(), address: address().trim(), timezone: 'Asia/Ho_Chi_Minh' }, t('saved')),
            )
            .then((ok) => {
              if (!ok) return;
              setName('');
              setAddress('');
            });
        }}
      >
        <FormAlert form={form} />
        <div class="adm-grid">
          <Field form={form} name="name" label={t('name')} class="adm-wide">
            {(a) => <input {...a} value={name()} maxlength={200} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field form={form} name="address" label={t('address')} class="adm-wide">
            {(a) => <input {...a} value={address()} maxlength={300} onInput={(e) => setAddress(e.currentTarget.value)} />}
          </Field>
        </div>
        <FormActions form={form} submit={t('newOffice')} />
      </form>
    </section>
  );
}
