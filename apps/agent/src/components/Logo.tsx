/** The Sofortdesk mark, inline (no external assets); decorative, the name is always written beside it. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1d4ed8" />
      <path d="M9 11h14M9 16h10M9 21h6" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
