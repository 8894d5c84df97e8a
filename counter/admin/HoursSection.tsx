// Opening hours (a morning and an afternoon session per weekday) and public holidays.
import { createEffect, createSignal, For, type JSX, Show } from 'solid-js';
import { formatDate, formatTime } from '../../web/i18n';
import { Button, createForm, Field, type Form, FormActions, FormAlert, fromClock, toClock } from './forms';
import { type Hours, useAdmin } from './state';
import { t } from './text';

// Monday first, as a Vietnamese week reads.
const week = [1, 2, 3, 4, 5, 6, 0];
type Session = { opens: string; closes: string };
type Week = Record<number, [Session, Session]>;

function weekOf(hours: Hours): Week {
  const w: Week = {};
  for (const d of week) {
    const s = hours.filter((h) => h.weekday === d);
    const slot = (i: number): Session =>
      s[i] ? { opens: toClock(s[i]!.opensAt), closes: toClock(s[i]!.closesAt) } : { opens: '', closes: '' };
    w[d] = [slot(0), slot(1)];
  }
  return w;
}

export function HoursSection(): JSX.Element {
  return (
    <>
      <HoursForm />
      <Holidays />
    </>
  );
}

function HoursForm(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [draft, setDraft] = createSignal<Week>({});
  const [missing, setMissing] = createSignal<string | null>(null);
  createEffect(() => {
    const o = admin.office();
    if (o) setDraft(weekOf(o.hours));
  });
  const set = (d: number, i: 0 | 1, k: keyof Session, v: string) => {
    const row = [...(draft()[d] ?? [])] as [Session, Session];
    row[i] = { ...row[i], [k]: v };
    setDraft({ ...draft(), [d]: row });
  };
  const sessionName = (i: number) => (i === 0 ? t('morning') : t('afternoon'));

  function collect(): Hours | null {
    const out: Hours = [];
    for (const d of week) {
      for (const s of draft()[d] ?? []) {
        if (!s.opens && !s.closes) continue;
        const opensAt = fromClock(s.opens);
        const closesAt = fromClock(s.closes);
        if (opensAt === null || closesAt === null || opensAt > 1440 || closesAt > 1440) {
          setMissing(t(`day_${d}` as 'day_0'));
          return null;
        }
        out.push({ weekday: d, opensAt, closesAt });
      }
    }
    setMissing(null);
    return out;
  }

  return (
    <section class="adm-card" aria-labelledby="hours-title">
      <h2 id="hours-title">{t('hours')}</h2>
      <p class="adm-hint">{t('hoursHint')}</p>
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          const hours = collect();
          if (hours) void form.submit(() => admin.saveHours(hours, t('saved')));
        }}
      >
        <FormAlert form={form} />
        <Stranded
          form={form}
          code="HOURS_HIT_BOOKINGS"
          onConfirm={() => {
            const hours = collect();
            if (hours) void form.submit(() => admin.saveHours(hours, t('saved'), true));
          }}
        />
        <Show when={missing()}>
          <p class="adm-alert" role="alert">
            {missing()}: {t('badTime')}
          </p>
        </Show>
        <table class="adm-table adm-hours">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t('weekday')}
              </th>
              <th scope="colgroup" colSpan={2}>
                {t('morning')}
              </th>
              <th scope="colgroup" colSpan={2}>
                {t('afternoon')}
              </th>
            </tr>
            <tr>
              <th scope="col">{t('opens')}</th>
              <th scope="col">{t('closes')}</th>
              <th scope="col">{t('opens')}</th>
              <th scope="col">{t('closes')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={week}>
              {(d) => (
                <tr>
                  <th scope="row">{t(`day_${d}` as 'day_0')}</th>
                  <For each={[0, 1] as const}>
                    {(i) => (
                      <For each={['opens', 'closes'] as const}>
                        {(k) => (
                          <td>
                            <input
                              class="adm-time"
                              inputmode="numeric"
                              placeholder="hh:mm"
                              maxlength={5}
                              aria-label={t('sessionLabel', {
                                day: t(`day_${d}` as 'day_0'),
                                session: sessionName(i),
                                what: t(k),
                              })}
                              value={draft()[d]?.[i][k] ?? ''}
                              onInput={(e) => set(d, i, k, e.currentTarget.value)}
                            />
                          </td>
                        )}
                      </For>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <FormActions form={form} submit={t('saveHours')} />
      </form>
    </section>
  );
}

type StrandedBooking = { id: number; code: string; serviceName: string; start: string; name: string | null };

/**
 * The bookings a holiday or new hours would strand (the server's 409 lists them), and the one
 * button that cancels them and saves: nothing is cancelled without the admin seeing whom it hits.
 */
function Stranded(props: { form: Form; code: string; onConfirm: () => void }): JSX.Element {
  const bookings = () => {
    const e = props.form.formError();
    return e?.code === props.code ? ((e.details.bookings ?? []) as StrandedBooking[]) : [];
  };
  return (
    <Show when={bookings().length}>
      <div class="adm-stranded" role="region" aria-labelledby={`${props.form.id}-stranded`}>
        <h3 id={`${props.form.id}-stranded`}>{t('strandedTitle', { n: bookings().length })}</h3>
        <p>{t('strandedHint')}</p>
        <table class="adm-table">
          <thead>
            <tr>
              <th scope="col">{t('bookingCode')}</th>
              <th scope="col">{t('bookingService')}</th>
              <th scope="col">{t('bookingTime')}</th>
              <th scope="col">{t('bookingName')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={bookings()}>
              {(b) => (
                <tr>
                  <td>{b.code}</td>
                  <td>{b.serviceName}</td>
                  <td>
                    <time datetime={b.start}>
                      {formatDate(b.start)} {formatTime(b.start)}
                    </time>
                  </td>
                  <td>{b.name ?? '—'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button type="button" class="adm-btn adm-btn-danger" disabled={props.form.busy()} onClick={() => props.onConfirm()}>
          {t('strandedConfirm', { n: bookings().length })}
        </button>
      </div>
    </Show>
  );
}

function Holidays(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [date, setDate] = createSignal('');
  const [name, setName] = createSignal('');
  const upcoming = () => admin.office()?.holidays ?? [];
  return (
    <section class="adm-card" aria-labelledby="holidays-title">
      <h2 id="holidays-title">{t('holidays')}</h2>
      <form
        novalidate
        class="adm-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form
            .submit(() => admin.addHoliday({ date: date(), name: name().trim() }, t('saved')))
            .then((ok) => {
              if (!ok) return;
              setDate('');
              setName('');
            });
        }}
      >
        <FormAlert form={form} />
        <Stranded
          form={form}
          code="HOLIDAY_HITS_BOOKINGS"
          onConfirm={() =>
            void form
              .submit(() => admin.addHoliday({ date: date(), name: name().trim(), cancelBookings: true }, t('saved')))
              .then((ok) => {
                if (!ok) return;
                setDate('');
                setName('');
              })
          }
        />
        <Field form={form} name="date" label={t('date')}>
          {(a) => <input {...a} type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />}
        </Field>
        <Field form={form} name="name" label={t('holidayName')} class="adm-grow">
          {(a) => <input {...a} value={name()} maxlength={100} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="adm-btn adm-btn-primary" disabled={form.busy()}>
          {t('addHoliday')}
        </button>
      </form>
      <Show when={upcoming().length} fallback={<p>{t('noHolidays')}</p>}>
        <table class="adm-table">
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('holidayName')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={upcoming()}>
              {(h) => (
                <tr>
                  <td>
                    <time datetime={h.date}>{formatDate(`${h.date}T12:00:00+07:00`)}</time>
                  </td>
                  <td>{h.name}</td>
                  <td class="adm-row-actions">
                    <Button
                      class="adm-btn-small"
                      aria-label={t('deleteNamed', { name: `${h.name} (${h.date})` })}
                      onClick={() => void form.submit(() => admin.removeHoliday(h.date, t('deleted')))}
                    >
                      {t('delete')}
                    </Button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
