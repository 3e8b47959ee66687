/**
 * Measuring code that runs in the page (installed by bench/lib/browser.ts with addInitScript): plain
 * JavaScript, so no transpiler touches what the browser runs. Each returns a promise of plain data.
 */
(() => {
  // When the first list row enters the DOM (performance.now(): from the start of the navigation).
  new MutationObserver((_, observer) => {
    if (document.querySelector('[role="option"]')) {
      window.__firstRowAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });

  /**
   * Scrolls the listbox by `step` pixels per animation frame until the last of `expected` rows is on
   * screen (or limitMs passed). A frame counts as moving when the list moved; one that could not
   * (the end of the loaded rows, waiting for the next page) is counted apart.
   */
  function scroll({ step, expected, limitMs }) {
    const list = document.querySelector('[role="listbox"]');
    list.scrollTop = 0;
    const moving = [];
    let waitingFrames = 0;
    let maxRowsInDom = 0;
    return new Promise((resolve) => {
      let started = 0;
      let last = 0;
      let lastTop = -1;
      const tick = (now) => {
        if (lastTop >= 0) {
          if (list.scrollTop !== lastTop) moving.push(now - last);
          else waitingFrames++;
        }
        last = now;
        maxRowsInDom = Math.max(maxRowsInDom, list.querySelectorAll('[role="option"]').length);
        const size = Number(list.querySelector('[role="option"]')?.getAttribute('aria-setsize') ?? 0);
        const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
        const reachedEnd = atEnd && size >= expected;
        if (reachedEnd || now - started > limitMs) {
          const share = (list.scrollTop + list.clientHeight) / list.scrollHeight;
          resolve({ moving, waitingFrames, totalMs: now - started, reachedEnd, maxRowsInDom, share });
          return;
        }
        lastTop = list.scrollTop;
        list.scrollTop = lastTop + step;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame((now) => {
        started = last = now;
        requestAnimationFrame(tick);
      });
    });
  }

  /**
   * Clicks the conversation's row and resolves with the milliseconds until an element of #conversation
   * holding `newest` intersects the screen (IntersectionObserver: clipping by its scroller counts).
   */
  function open({ id, newest }) {
    return new Promise((resolve, reject) => {
      const row = document.querySelector(`[role="option"][data-conversation-id="${id}"]`);
      if (!row) return reject(new Error('the row of the long conversation is not on screen'));
      let t0 = 0;
      let watching = null;
      const visible = new IntersectionObserver((entries) => {
        const seen = entries.find((entry) => entry.isIntersecting);
        if (!seen) return;
        visible.disconnect();
        mutations.disconnect();
        resolve(seen.time - t0);
      });
      const find = () =>
        document.evaluate(
          `//*[@id="conversation"]//*[contains(text(), ${JSON.stringify(newest)})]`,
          document,
          null,
          XPathResult.FIRST_ORDERED_NODE_TYPE,
          null,
        ).singleNodeValue;
      const mutations = new MutationObserver(() => {
        const element = find();
        if (element && element !== watching) {
          watching = element;
          visible.observe(element);
        }
      });
      mutations.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => reject(new Error('the newest message did not show within 30 s')), 30_000);
      t0 = performance.now();
      row.click();
    });
  }

  /** A request the page itself makes, fetched and parsed: milliseconds. */
  async function fetchJson(url) {
    const t0 = performance.now();
    await (await fetch(url, { credentials: 'same-origin' })).json();
    return performance.now() - t0;
  }

  window.__bench = { scroll, open, fetchJson };
})();
