// Placeholder: the phone survey shown on a finished ticket's live page (owned by the
// satisfaction feature; replaced there).
export default function Survey(_props: { token: string }) {
  return null;
}
