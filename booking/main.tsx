// The resident side, one app with a route per path: /kiosk (entrance kiosk), /book (booking on
// the phone), /book/poster (printable QR poster), /t/<token> (live ticket), /a/<token> (a
// booking), /city (every centre of the city), /open-data (the open statistics), /feedback (send feedback, with the
// published answers) and /feedback/<token> (follow it). Each route is its own chunk, so the phone never downloads the kiosk, the camera or
// the QR decoder.
import { type Component, lazy, Suspense } from 'solid-js';
import { Dynamic, render } from 'solid-js/web';
import '../web/base.css';
import { keepForOffline } from './common/offline';
import './common/common.css';

export interface Route {
  page: Component<{ token: string }>;
  token: string;
}

export function route(path: string): Route | null {
  const p = path.replace(/\/+$/, '') || '/';
  const token = /^\/[tah]\/([A-Za-z0-9_-]{8,64})$/.exec(p)?.[1] ?? '';
  if (p === '/kiosk') return { page: Kiosk, token };
  if (p === '/book/poster') return { page: Poster, token };
  if (p === '/book') return { page: Book, token };
  if (p.startsWith('/t/') && token) return { page: Ticket, token };
  if (p.startsWith('/a/') && token) return { page: Manage, token };
  if (p.startsWith('/h/') && token) return { page: Dossier, token };
  if (p === '/h') return { page: DossierLookup, token };
  if (p === '/city') return { page: City, token };
  if (p === '/open-data') return { page: OpenData, token };
  if (p === '/feedback') return { page: Feedback, token };
  const feedbackToken = /^\/feedback\/([A-Za-z0-9_-]{8,64})$/.exec(p)?.[1];
  if (feedbackToken) return { page: FeedbackTrack, token: feedbackToken };
  if (p === '/outreach') return { page: OutreachPage, token };
  if (p === '/outreach/board') return { page: OutreachBoard, token };
  const outreachToken = /^\/o\/([A-Za-z0-9_-]{8,64})$/.exec(p)?.[1];
  if (outreachToken) return { page: OutreachBooking, token: outreachToken };
  return null;
}

const Kiosk = lazy(() => import('./kiosk/kiosk-app'));
const Book = lazy(() => import('./book/book-app'));
const Poster = lazy(() => import('./book/poster'));
const Manage = lazy(() => import('./book/manage-page'));
const Ticket = lazy(() => import('./ticket/ticket-page'));
const City = lazy(() => import('./city/city-page'));
const Dossier = lazy(() => import('./dossier/dossier-page'));
const DossierLookup = lazy(() => import('./dossier/lookup-page'));
const OpenData = lazy(() => import('./city/open-data-page'));
const Feedback = lazy(() => import('./feedback/feedback-page'));
const FeedbackTrack = lazy(() => import('./feedback/track-page'));
const OutreachPage = lazy(() => import('./outreach/outreach-page'));
const OutreachBooking = lazy(() => import('./outreach/booking-page'));
const OutreachBoard = lazy(() => import('./outreach/board-page'));

function NotFound() {
  return (
    <main class="page narrow">
      <h1>Không tìm thấy trang</h1>
      <p lang="en">Page not found.</p>
      <p>
        <a href="/book">Đặt lịch hẹn / Book an appointment</a>
      </p>
    </main>
  );
}

const found = route(location.pathname);
// The resident's own pages open again without a network (web/public/sw.js); the kiosk, the
// poster and the city pages do not need it.
const offlinePages: Component<{ token: string }>[] = [Book, Manage, Ticket, Dossier, DossierLookup];
if (found && offlinePages.includes(found.page)) keepForOffline();
render(
  () => (
    <Suspense
      fallback={
        <p class="loading" role="status">
          …
        </p>
      }
    >
      {found ? <Dynamic component={found.page} token={found.token} /> : <NotFound />}
    </Suspense>
  ),
  document.getElementById('root')!,
);
