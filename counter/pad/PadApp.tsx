// Placeholder so the counter app's router can lazy-load this screen; its owner replaces it.
export default function PadApp() {
  return (
    <main>
      <h1>Bảng đánh giá</h1>
    </main>
  );
}
