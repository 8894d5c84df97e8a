// Placeholder so the counter app's router can lazy-load this screen; its owner replaces it.
export default function AdminApp() {
  return (
    <main>
      <h1>Quản trị</h1>
    </main>
  );
}
