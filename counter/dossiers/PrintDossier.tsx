// A dossier's printed forms (/counter/print/dossier/<id>?form=01&paper=a5): the receipt and
// result appointment (01), the request for papers (02), the refusal (03), the apology with the
// new date (04) and the process control sheet (05), on A4, A5 or an 80 mm receipt printer. The
// page is the paper: its @page size follows `paper`, the toolbar is hidden in print, and the
// receipt's QR opens the resident's /h/<token> page. Staff only (the form names the applicant).
import { createResource, For, type JSX, Match, onMount, Show, Switch } from 'solid-js';
import { QrCode } from '../../booking/common/qr-code';
import { ApiError, api, unwrap } from '../../web/api';
import { lang, setLang } from '../../web/i18n';
import { formDateTime, t } from './text';
import './print.css';

export type Form = '01' | '02' | '03' | '04' | '05';
export type Paper = 'a4' | 'a5' | '80mm';
const forms: Form[] = ['01', '02', '03', '04', '05'];
const papers: Paper[] = ['a5', 'a4', '80mm'];

async function load(id: string) {
  const [dossier, offices] = await Promise.all([
    unwrap(api.dossiers[':dossierId'].staff.$get({ param: { dossierId: id } })),
    unwrap(api.offices.$get()),
  ]);
  const office = offices.find((o) => o.id === dossier.officeId);
  return { dossier, office };
}
type Loaded = Awaited<ReturnType<typeof load>>;
type Dossier = Loaded['dossier'];

export default function PrintDossier(props: { id: string }): JSX.Element {
  const q = new URLSearchParams(location.search);
  const form = (forms.includes(q.get('form') as Form) ? q.get('form') : '01') as Form;
  const paper = (papers.includes(q.get('paper') as Paper) ? q.get('paper') : 'a5') as Paper;
  const [data] = createResource(() => props.id, load);
  document.title = `${t(`form${form}Title` as 'form01Title')} – ${props.id}`;
  // The page size is the paper's: one style element, set before anything prints.
  const page = document.createElement('style');
  page.textContent = `@page { size: ${paper === '80mm' ? '80mm 260mm' : paper.toUpperCase()}; margin: ${paper === '80mm' ? '4mm' : paper === 'a5' ? '9mm 10mm' : '15mm 18mm'}; }`;
  document.head.append(page);
  document.body.classList.add('print-body');

  const go = (next: { form?: Form; paper?: Paper }) => {
    const u = new URLSearchParams(location.search);
    if (next.form) u.set('form', next.form);
    if (next.paper) u.set('paper', next.paper);
    location.search = u.toString();
  };

  return (
    <div class={`print paper-${paper}`} lang={lang()}>
      <div class="print-tools">
        <label>
          {t('paper')}{' '}
          <select value={paper} onChange={(e) => go({ paper: e.currentTarget.value as Paper })}>
            <option value="a5">A5</option>
            <option value="a4">A4</option>
            <option value="80mm">80 mm</option>
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('printNow')}
        </button>
        <button type="button" lang={lang() === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}>
          {lang() === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
      </div>
      <Switch fallback={<p>{t('loading')}</p>}>
        <Match when={data.error}>
          <main>
            <h1>
              {data.error instanceof ApiError && data.error.status === 401
                ? t('signInNeeded')
                : data.error instanceof ApiError && data.error.status === 404
                  ? t('notFound')
                  : String(data.error)}
            </h1>
          </main>
        </Match>
        <Match when={data()}>
          {(d) => (
            <main class="sheet">
              <Heading loaded={d()} form={form} />
              <Switch fallback={<p>{t('noSuchForm')}</p>}>
                <Match when={form === '01'}>
                  <Receipt d={d().dossier} />
                </Match>
                <Match when={form === '02' && d().dossier.supplements.at(-1)}>
                  {(s) => <Request02 d={d().dossier} s={s()} />}
                </Match>
                <Match when={form === '03' && d().dossier.refusals.at(-1)}>{(r) => <Refusal03 d={d().dossier} r={r()} />}</Match>
                <Match when={form === '04' && d().dossier.apologyLetters.at(-1)}>
                  {(a) => <Apology04 d={d().dossier} a={a()} />}
                </Match>
                <Match when={form === '05'}>
                  <Control05 d={d().dossier} />
                </Match>
              </Switch>
              <AutoPrint />
            </main>
          )}
        </Match>
      </Switch>
    </div>
  );
}

/** With ?autoprint=1 (the counter's print buttons) the print dialog opens once the page is drawn. */
function AutoPrint(): JSX.Element {
  onMount(() => {
    if (new URLSearchParams(location.search).get('autoprint') === '1') setTimeout(() => window.print(), 400);
  });
  return null;
}

function Heading(props: { loaded: Loaded; form: Form }): JSX.Element {
  return (
    <header class="sheet-head">
      <div class="sheet-org">
        <p class="sheet-office">{props.loaded.office?.name ?? ''}</p>
        <p class="sheet-address">{props.loaded.office?.address ?? ''}</p>
      </div>
      <div class="sheet-nation">
        <p class="sheet-caps">{t('nation')}</p>
        <p class="sheet-motto">{t('motto')}</p>
      </div>
      <p class="sheet-formno">{t('formNo', { n: props.form })}</p>
      <h1 class="sheet-title">{t(`form${props.form}Title` as 'form01Title')}</h1>
    </header>
  );
}

function Row(props: { label: string; children: JSX.Element; testid?: string }): JSX.Element {
  return (
    <div class="sheet-row">
      <dt>{props.label}</dt>
      <dd data-testid={props.testid}>{props.children}</dd>
    </div>
  );
}

function Basics(props: { d: Dossier }): JSX.Element {
  return (
    <>
      <Row label={t('dossierCode')} testid="code">
        <strong>{props.d.code}</strong>
      </Row>
      <Row label={t('applicant')}>
        {props.d.applicantName ?? ''}
        <Show when={props.d.phone}> · {props.d.phone}</Show>
      </Row>
      <Row label={t('procedure')}>{props.d.serviceName}</Row>
      <Row label={t('receivedAt')}>{formDateTime(props.d.receivedAt)}</Row>
    </>
  );
}

function Qr(props: { d: Dossier }): JSX.Element {
  const link = () => `${location.origin}/h/${props.d.token}`;
  return (
    <div class="sheet-qr">
      <QrCode text={link()} label={`${t('dossierCode')} ${props.d.code}`} margin={1} />
      <p>{t('followQr', { url: `${location.origin}/h` })}</p>
    </div>
  );
}

function Signatures(props: { left: string; right: string; rightName?: string | null }): JSX.Element {
  return (
    <div class="sheet-signs">
      <div>
        <p class="sheet-sign-role">{props.left}</p>
        <p class="sheet-sign-hint">{t('signHint')}</p>
      </div>
      <div>
        <p class="sheet-sign-role">{props.right}</p>
        <p class="sheet-sign-hint">{t('signHint')}</p>
        <p class="sheet-sign-name">{props.rightName ?? ''}</p>
      </div>
    </div>
  );
}

function Receipt(props: { d: Dossier }): JSX.Element {
  return (
    <>
      <div class="sheet-top">
        <dl class="sheet-fields">
          <Basics d={props.d} />
          <Row label={t('dueAt')} testid="due">
            <strong>{formDateTime(props.d.dueAt)}</strong>
          </Row>
        </dl>
        <Qr d={props.d} />
      </div>
      <h2 class="sheet-sub">{t('papersReceived')}</h2>
      <ol class="sheet-papers" data-testid="papers">
        <For each={props.d.papers} fallback={<li>{t('noPapers')}</li>}>
          {(p) => <li>{p}</li>}
        </For>
      </ol>
      <dl class="sheet-fields">
        <Row label={t('returnAt')}>{t('returnAtText')}</Row>
        <Show when={props.d.note}>
          <Row label={t('noteShort')}>{props.d.note}</Row>
        </Show>
      </dl>
      <Signatures left={t('applicantSign')} right={t('officerSign')} rightName={props.d.receivedBy?.name} />
    </>
  );
}

function Request02(props: { d: Dossier; s: Dossier['supplements'][number] }): JSX.Element {
  return (
    <>
      <dl class="sheet-fields">
        <Basics d={props.d} />
      </dl>
      <p>{t('request02')}</p>
      <ol class="sheet-papers" data-testid="missing">
        <For each={props.s.missing}>{(p) => <li>{p}</li>}</For>
      </ol>
      <dl class="sheet-fields">
        <Row label={t('reason')}>{props.s.reason}</Row>
        <Row label={t('contact')}>{props.s.staff?.name ?? ''}</Row>
        <Row label={t('stepWhen')}>{formDateTime(props.s.at)}</Row>
      </dl>
      <Signatures left={t('applicantSign')} right={t('officerSign')} rightName={props.s.staff?.name} />
    </>
  );
}

function Refusal03(props: { d: Dossier; r: Dossier['refusals'][number] }): JSX.Element {
  return (
    <>
      <dl class="sheet-fields">
        <Basics d={props.d} />
      </dl>
      <p>{t('refusal03')}</p>
      <p class="sheet-reason" data-testid="reason">
        {props.r.reason}
      </p>
      <dl class="sheet-fields">
        <Row label={t('contact')}>{props.r.staff?.name ?? ''}</Row>
        <Row label={t('stepWhen')}>{formDateTime(props.r.at)}</Row>
      </dl>
      <Signatures left={t('applicantSign')} right={t('officerSign')} rightName={props.r.staff?.name} />
    </>
  );
}

function Apology04(props: { d: Dossier; a: Dossier['apologyLetters'][number] }): JSX.Element {
  return (
    <>
      <dl class="sheet-fields">
        <Basics d={props.d} />
        <Row label={t('unitAtFault')}>{props.a.unit?.name ?? t('atReception')}</Row>
        <Row label={t('originalDueAt')}>{formDateTime(props.a.originalDueAt)}</Row>
      </dl>
      <p>{t('apology04')}</p>
      <dl class="sheet-fields">
        <Row label={t('reason')}>{props.a.reason}</Row>
        <Row label={t('newDueAt')} testid="new-due">
          <strong>{formDateTime(props.a.newDueAt)}</strong>
        </Row>
      </dl>
      <Signatures left={t('applicantSign')} right={t('signer')} rightName={props.a.signer ?? props.a.staff?.name} />
    </>
  );
}

function Control05(props: { d: Dossier }): JSX.Element {
  const what = (h: Dossier['history'][number]) =>
    h.kind === 'handoff'
      ? t('handoffTo', { unit: h.unit?.name ?? '' })
      : h.from
        ? t('moveTo', { from: t(`state_${h.from}` as 'state_received'), to: t(`state_${h.to}` as 'state_received') })
        : t(`state_${h.to}` as 'state_received');
  return (
    <>
      <dl class="sheet-fields">
        <Basics d={props.d} />
        <Row label={t('dueAt')}>{formDateTime(props.d.dueAt)}</Row>
      </dl>
      <table class="sheet-table" data-testid="steps">
        <thead>
          <tr>
            <th scope="col">{t('step')}</th>
            <th scope="col">{t('stepWhen')}</th>
            <th scope="col">{t('stepUnit')}</th>
            <th scope="col">{t('stepWho')}</th>
            <th scope="col">{t('stepWhat')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.d.history}>
            {(h, i) => (
              <tr>
                <td>{i() + 1}</td>
                <td>{formDateTime(h.at)}</td>
                <td>{h.unit?.name ?? t('atReception')}</td>
                <td>{h.staff?.name ?? ''}</td>
                <td>
                  {what(h)}
                  <Show when={h.reason}>: {h.reason}</Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </>
  );
}
