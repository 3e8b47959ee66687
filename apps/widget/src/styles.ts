/**
 * The widget's styles, inside its shadow root: the host page's rules cannot reach in, and these cannot
 * reach out. `:host` resets everything the page might set on the host element or let inherit into it
 * (important wins over the page's important rules here). Pixels only: the page's root font size must
 * not scale the widget. Text colours meet WCAG AA on their backgrounds.
 */
export const CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: static !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  filter: none !important;
  contain: none !important;
}
.sd {
  all: initial;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  font-size: 15px;
  line-height: 1.45;
  color: #111827;
  -webkit-font-smoothing: antialiased;
}
.sd *, .sd *::before, .sd *::after {
  box-sizing: border-box;
  font: inherit;
  color: inherit;
  margin: 0;
  padding: 0;
  border: 0;
  background: none;
  text-align: left;
  text-transform: none;
  letter-spacing: normal;
  visibility: visible;
  opacity: 1;
}
.sr {
  position: absolute !important;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
.launcher {
  position: fixed;
  right: 20px;
  bottom: 20px;
  z-index: 2147483000;
  width: 60px;
  height: 60px;
  border-radius: 50%;
  background: #1d4ed8;
  color: #fff;
  display: flex;
  align-items: center;
  justify-content: center;
  cursor: pointer;
  box-shadow: 0 6px 20px rgba(17, 24, 39, 0.28);
  transition: transform 0.15s ease;
}
.launcher:hover { background: #1e40af; transform: scale(1.05); }
.launcher svg { display: block; width: 28px; height: 28px; }
.badge {
  position: absolute;
  top: -2px;
  right: -2px;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border-radius: 11px;
  background: #b91c1c;
  color: #fff;
  font-size: 12px;
  font-weight: 700;
  line-height: 22px;
  text-align: center;
  border: 2px solid #fff;
}
.window {
  position: fixed;
  right: 20px;
  bottom: 92px;
  z-index: 2147483000;
  width: 380px;
  height: 600px;
  max-height: calc(100vh - 112px);
  display: flex;
  flex-direction: column;
  background: #fff;
  border-radius: 14px;
  overflow: hidden;
  box-shadow: 0 12px 40px rgba(17, 24, 39, 0.3);
  border: 1px solid #d1d5db;
}
.window[hidden] { display: none; }
.header {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 14px 12px 14px 18px;
  background: #1d4ed8;
  color: #fff;
}
.header__text { flex: 1; min-width: 0; }
.header h2 { font-size: 17px; font-weight: 700; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.header p { font-size: 13px; color: #dbeafe; }
.close {
  width: 36px;
  height: 36px;
  border-radius: 8px;
  display: flex;
  align-items: center;
  justify-content: center;
  cursor: pointer;
  color: #fff;
}
.close:hover { background: rgba(255, 255, 255, 0.16); }
.close svg { display: block; width: 20px; height: 20px; }
.log {
  flex: 1;
  overflow-y: auto;
  padding: 16px 14px 8px;
  background: #f3f4f6;
  display: flex;
  flex-direction: column;
  gap: 8px;
}
.msg {
  max-width: 82%;
  display: flex;
  flex-direction: column;
  gap: 2px;
}
.msg[data-direction='out'] { align-self: flex-start; }
.msg[data-direction='in'] { align-self: flex-end; align-items: flex-end; }
.bubble {
  padding: 9px 13px;
  border-radius: 16px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  word-break: break-word;
}
.msg[data-direction='out'] .bubble { background: #fff; color: #111827; border: 1px solid #e5e7eb; border-bottom-left-radius: 4px; }
.msg[data-direction='in'] .bubble { background: #1d4ed8; color: #fff; border-bottom-right-radius: 4px; }
.msg[data-state='pending'] .bubble { background: #3b5fc9; }
.msg[data-state='failed'] .bubble { background: #fee2e2; color: #7f1d1d; }
.md p, .md ul, .md ol, .md pre { margin: 0 0 6px; }
.md > :last-child { margin-bottom: 0; }
.md ul, .md ol { padding-left: 18px; white-space: normal; }
.md code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
.md pre { overflow-x: auto; }
.md a { color: inherit; text-decoration: underline; }
.meta { font-size: 12px; color: #4b5563; padding: 0 4px; }
.msg[data-state='failed'] .meta { color: #b91c1c; }
.helped { display: flex; gap: 6px; margin-top: 4px; }
.helped button { font: inherit; font-size: 13px; padding: 4px 12px; border-radius: 999px; border: 1px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
.helped button:hover, .helped button:focus-visible { background: #1d4ed8; color: #fff; }
.files { display: flex; flex-direction: column; gap: 2px; margin-top: 4px; }
.files a { color: inherit; text-decoration: underline; font-size: 14px; }
.typing { align-self: flex-start; font-size: 13px; color: #4b5563; padding: 2px 4px; font-style: italic; }
.suggestions { padding: 8px 14px 6px; border-top: 1px solid #e5e7eb; background: #f9fafb; font-size: 13px; }
.suggestions p { margin: 0 0 4px; color: #4b5563; }
.suggestions ul { margin: 0; padding: 0; list-style: none; }
.suggestions li { margin: 2px 0; }
.suggestions a { color: #1d4ed8; text-decoration: underline; }
.composer {
  display: flex;
  align-items: flex-end;
  gap: 8px;
  padding: 10px 10px 10px 14px;
  border-top: 1px solid #e5e7eb;
  background: #fff;
}
.composer textarea {
  flex: 1;
  resize: none;
  min-height: 40px;
  max-height: 120px;
  padding: 9px 12px;
  border: 1px solid #9ca3af;
  border-radius: 10px;
  background: #fff;
  color: #111827;
  line-height: 20px;
  overflow-y: auto;
}
.composer textarea::placeholder { color: #6b7280; }
.send {
  width: 40px;
  height: 40px;
  flex: none;
  border-radius: 10px;
  background: #1d4ed8;
  color: #fff;
  display: flex;
  align-items: center;
  justify-content: center;
  cursor: pointer;
}
.send:hover { background: #1e40af; }
.send:disabled { background: #9ca3af; cursor: default; }
.send svg { display: block; width: 20px; height: 20px; }
.read { font-weight: 600; }
.prechat {
  display: flex;
  flex-direction: column;
  gap: 6px;
  padding: 12px 14px 14px;
  border-top: 1px solid #e5e7eb;
  background: #fff;
}
.prechat p { font-size: 14px; margin-bottom: 4px; }
.prechat label { font-size: 13px; font-weight: 600; color: #374151; }
.prechat input {
  height: 40px;
  padding: 8px 12px;
  border: 1px solid #9ca3af;
  border-radius: 10px;
  background: #fff;
  color: #111827;
}
.prechat input[aria-invalid='true'] { border-color: #b91c1c; }
.prechat .error { font-size: 13px; color: #b91c1c; margin: 0; }
.start {
  margin-top: 6px;
  height: 40px;
  border-radius: 10px;
  background: #1d4ed8;
  color: #fff;
  font-weight: 600;
  text-align: center;
  cursor: pointer;
}
.start:hover { background: #1e40af; }
.footer { font-size: 11px; color: #4b5563; text-align: center; padding: 0 0 6px; background: #fff; }
.footer .privacy { font: inherit; color: #1d4ed8; background: none; border: 0; padding: 0; text-decoration: underline; cursor: pointer; }
.footer .privacy:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.composer textarea:focus, .prechat input:focus { outline: 2px solid #1d4ed8; outline-offset: -1px; border-color: #1d4ed8; }
.launcher:focus-visible, .close:focus-visible, .send:focus-visible, .files a:focus-visible, .start:focus-visible {
  outline: 3px solid #f59e0b;
  outline-offset: 2px;
}
.share-toggle {
  width: 40px;
  height: 40px;
  flex: none;
  border-radius: 10px;
  border: 1px solid #9ca3af;
  background: #fff;
  color: #1d4ed8;
  display: flex;
  align-items: center;
  justify-content: center;
  cursor: pointer;
}
.share-toggle[aria-expanded='true'] { background: #eff6ff; border-color: #1d4ed8; }
.share-toggle svg { display: block; width: 20px; height: 20px; }
.share { padding: 10px 14px 12px; border-top: 1px solid #e5e7eb; background: #f9fafb; font-size: 13px; }
.share__heading { font-weight: 600; margin-bottom: 8px; }
.share__kinds { display: flex; flex-wrap: wrap; gap: 6px; }
.share__kinds button, .shared button, .share__cancel {
  padding: 6px 10px;
  border: 1px solid #9ca3af;
  border-radius: 999px;
  background: #fff;
  color: #1f2937;
  cursor: pointer;
}
.share__kinds button:hover, .shared button:hover, .share__cancel:hover { border-color: #1d4ed8; color: #1d4ed8; }
.share__confirm { display: flex; flex-direction: column; gap: 8px; }
.share__what strong { font-weight: 600; }
.share__preview { display: block; margin-top: 2px; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; color: #374151; }
.share__confirm input:not([type]) { height: 36px; padding: 6px 10px; border: 1px solid #9ca3af; border-radius: 8px; background: #fff; }
.share__durations { border: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.share__durations legend { font-weight: 600; margin-bottom: 2px; }
.share__durations label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.share__durations input { accent-color: #1d4ed8; }
.share__note { color: #4b5563; font-size: 12px; }
.share__actions { display: flex; gap: 8px; align-items: center; }
.share__actions .start { margin-top: 0; padding: 0 14px; }
.share__actions .start:disabled { background: #9ca3af; cursor: default; }
.share__status { margin-top: 6px; color: #374151; }
.shared { list-style: none; margin: 0; padding: 6px 14px; border-top: 1px solid #e5e7eb; background: #ecfdf5; font-size: 12px; }
.shared li { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 2px 0; }
.shared li[data-status='ended'] { color: #6b7280; }
.shared button { padding: 2px 8px; font-size: 12px; }
.share-toggle:focus-visible, .share button:focus-visible, .shared button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
@media (max-width: 480px) {
  .window { right: 0; bottom: 0; width: 100vw; height: 100%; max-height: none; border-radius: 0; border: 0; }
}
@media (prefers-reduced-motion: reduce) {
  .launcher { transition: none; }
}
`;
