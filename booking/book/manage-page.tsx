export default function Placeholder() {
  return <main class="page"><h1>…</h1></main>;
}
