/*
 * <panjereh-survey>: enhances the server-rendered survey form inside it. Without JavaScript the form
 * still works as a plain HTML form; with it, the comment shows a live character count, a missing
 * required answer is announced in Persian before sending, and the form is sent only once.
 * No third-party code; the form posts to the agency's own endpoint, never to the platform.
 */
(function () {
  'use strict';
  var digits = '۰۱۲۳۴۵۶۷۸۹';
  function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return digits[+d]; }); }

  class PanjerehSurvey extends HTMLElement {
    connectedCallback() {
      var form = this.querySelector('form');
      if (!form || form.dataset.enhanced) { return; }
      form.dataset.enhanced = 'true';
      var status = this.querySelector('[data-role=status]');
      var comment = form.querySelector('textarea[name=comment]');
      var count = this.querySelector('[data-role=count]');
      if (comment && count) {
        var max = +comment.getAttribute('maxlength') || 1000;
        var update = function () {
          var n = Array.from(comment.value).length;
          count.textContent = fa(n) + ' از ' + fa(max) + ' نویسه';
          count.classList.toggle('over', n > max);
        };
        comment.addEventListener('input', update);
        update();
      }
      form.addEventListener('submit', function (ev) {
        var missing = Array.from(form.querySelectorAll('fieldset[data-required=true]')).filter(function (fs) {
          return !fs.querySelector('input[type=radio]:checked');
        });
        if (missing.length > 0) {
          ev.preventDefault();
          if (status) { status.textContent = 'لطفاً به پرسش‌های ستاره‌دار پاسخ دهید.'; }
          var first = missing[0].querySelector('input[type=radio]');
          if (first) { first.focus(); }
          return;
        }
        if (form.dataset.sent) { ev.preventDefault(); return; }
        form.dataset.sent = 'true';
        var button = form.querySelector('button[type=submit]');
        if (button) { button.disabled = true; button.setAttribute('aria-busy', 'true'); }
        if (status) { status.textContent = 'در حال ارسال…'; }
      });
    }
  }
  if (!customElements.get('panjereh-survey')) { customElements.define('panjereh-survey', PanjerehSurvey); }
})();
