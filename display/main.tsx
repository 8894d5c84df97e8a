import { render } from 'solid-js/web';

render(
  () => (
    <main>
      <h1>display</h1>
    </main>
  ),
  document.getElementById('root')!,
);
