// The ticket as shown on the kiosk and printed on 80 mm thermal paper (see kiosk.css @media
// print): office, service, big number, time, people ahead, estimated wait and a QR code that
// opens the ticket's live page on the resident's phone.
import { Show } from 'solid-js';
import { formatTime } from '../../web/i18n';
import { qrSvg } from '../common/qr-code';
import { waitWords } from '../common/wait-range';
import { t } from './text';

export interface IssuedTicket {
  id: number;
  number: string;
  token: string;
  serviceId: number;
  state: string;
  position: number;
  etaMinutes: number;
  /** The range shown around the estimate (server/estimates/forecast.ts), when there is one. */
  etaLowMinutes?: number;
  etaHighMinutes?: number;
  createdAt: string;
  priority?: string | null;
  source?: string;
}

const shortDate = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(iso),
  );

export function liveUrl(token: string): string {
  return `${location.origin}/t/${token}`;
}

export function TicketSlip(props: {
  officeName: string;
  serviceName: string;
  priorityName?: string;
  ticket: IssuedTicket;
  onReady?: () => void;
}) {
  const url = liveUrl(props.ticket.token);
  let box!: HTMLDivElement;
  qrSvg(url, 1).then(
    (svg) => {
      box.innerHTML = svg;
      props.onReady?.();
    },
    () => props.onReady?.(),
  );
  const ahead = Math.max(0, props.ticket.position - 1);
  return (
    <section class="slip" aria-label={t('yourNumber')} data-token={props.ticket.token}>
      <p class="slip-office">{props.officeName}</p>
      <p class="slip-service">{props.serviceName}</p>
      <p class="slip-label">{t('yourNumber')}</p>
      <p class="slip-number">{props.ticket.number}</p>
      <Show when={props.ticket.source === 'booking'}>
        <p class="slip-priority">{t('bookedTicket')}</p>
      </Show>
      <Show when={props.priorityName}>
        <p class="slip-priority">
          {t('priority')}: {props.priorityName}
        </p>
      </Show>
      <dl class="slip-facts">
        <div>
          <dt>{t('ahead')}</dt>
          <dd class="slip-ahead">{ahead}</dd>
        </div>
        <div>
          <dt>{t('etaLabel')}</dt>
          <dd data-testid="slip-eta">
            {waitWords(props.ticket, {
              range: (low, high) => t('range', { low, high }),
              under: (high) => t('under', { high }),
              point: (n) => t('minutes', { n }),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('issuedAt')}</dt>
          <dd>
            {formatTime(props.ticket.createdAt)} {shortDate(props.ticket.createdAt)}
          </dd>
        </div>
      </dl>
      <div class="slip-qr" role="img" aria-label={t('qrLabel', { n: props.ticket.number })} data-qr={url}>
        <div ref={box} aria-hidden="true" />
      </div>
      <p class="slip-scan">{t('scanToFollow')}</p>
    </section>
  );
}
