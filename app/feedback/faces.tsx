// The faces of a feedback scale (issue 16.1), drawn as inline SVG: no emoji font needed (an old
// phone showed empty boxes), the same on every screen and in print. The mouth goes from a frown
// (1) to a smile (scale), and the colour from red to green; the shape alone says it for those who
// do not see colours. Decorative: the word under each face is its accessible name.

const COLORS: Record<number, string[]> = {
  3: ["#f3b2a8", "#f6dd8b", "#a8dcae"],
  4: ["#f3b2a8", "#f8cf9a", "#d3e8a1", "#a8dcae"],
  5: ["#f3b2a8", "#f8cf9a", "#f6dd8b", "#d3e8a1", "#a8dcae"],
};

export function Face({ scale, value, size = 56 }: { scale: number; value: number; size?: number }) {
  // -1 (frown) … 1 (smile)
  const mood = scale > 1 ? ((value - 1) / (scale - 1)) * 2 - 1 : 0;
  const curve = 31 + mood * 8;
  const fill = COLORS[scale]?.[value - 1] ?? "#eee";
  return (
    <svg className="feedback-face" data-face={value} viewBox="0 0 48 48" width={size} height={size} aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill={fill} stroke="#1d1f24" strokeWidth="2.5" />
      <circle cx="17" cy="19" r="2.6" fill="#1d1f24" />
      <circle cx="31" cy="19" r="2.6" fill="#1d1f24" />
      <path d={`M14 31 Q24 ${curve} 34 31`} fill="none" stroke="#1d1f24" strokeWidth="2.8" strokeLinecap="round" />
    </svg>
  );
}
