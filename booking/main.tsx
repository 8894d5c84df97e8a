import { render } from 'solid-js/web';

render(
  () => (
    <main>
      <h1>booking</h1>
    </main>
  ),
  document.getElementById('root')!,
);
