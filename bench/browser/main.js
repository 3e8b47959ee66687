/**
 * The baseline of the inbox scroll benchmark (bench/lib/browser.ts): the agent app's list rows, same
 * markup, same CSS, same React, but not virtualised: all ?rows=N rows are in the DOM at once, laid
 * out like the app lays out the rows it shows (absolutely positioned in one tall box).
 * Plain JavaScript (React.createElement), so the server's TypeScript project need not know the DOM.
 */
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const ROW_HEIGHT = 64;
const rows = Number(new URLSearchParams(location.search).get('rows') ?? '10000');

function Row({ index }) {
  const waiting = index % 2 === 0;
  return h(
    'div',
    {
      role: 'option',
      'aria-selected': false,
      'aria-setsize': rows,
      'aria-posinset': index + 1,
      className: 'row',
      style: { height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` },
    },
    h(
      'div',
      { className: 'row__top' },
      h('span', { className: 'row__name' }, `Kundin ${index + 1}`),
      waiting
        ? h('time', { className: 'row__time row__waiting' }, `wartet seit ${1 + (index % 50)} Min.`)
        : h('time', { className: 'row__time' }, '09:41'),
    ),
    h(
      'div',
      { className: 'row__bottom' },
      h('span', { className: 'badge badge--open' }, 'Offen'),
      index % 7 === 0 && h('span', { className: 'badge badge--priority-high' }, 'Hohe Priorität'),
      h('span', { className: 'row__assignee' }, 'Nicht zugewiesen'),
    ),
  );
}

function List() {
  const children = [];
  for (let index = 0; index < rows; index++) children.push(h(Row, { key: index, index }));
  return h(
    'div',
    { className: 'workspace' },
    h(
      'div',
      { className: 'panes' },
      h(
        'nav',
        { className: 'pane pane--list' },
        h('div', { className: 'list-header' }, h('h2', null, 'Unterhaltungen')),
        h(
          'div',
          { className: 'list', role: 'listbox', tabIndex: 0 },
          h('div', { className: 'list__inner', style: { height: rows * ROW_HEIGHT } }, children),
        ),
      ),
    ),
  );
}

createRoot(document.getElementById('root')).render(h(StrictMode, null, h(List)));
