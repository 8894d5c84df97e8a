import { render } from 'solid-js/web';

render(
  () => (
    <main>
      <h1>counter</h1>
    </main>
  ),
  document.getElementById('root')!,
);
