// Placeholder so the counter app's router can lazy-load this screen; its owner replaces it.
export default function SupervisorApp() {
  return (
    <main>
      <h1>Giám sát</h1>
    </main>
  );
}
