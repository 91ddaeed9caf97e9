// The demo consent manager's banner frame: tells its parent page the answer.
(function () {
  'use strict';
  function tell(value) { window.parent.postMessage({ cmpChoice: value }, '*'); }
  document.querySelector('.accept').addEventListener('click', function () { tell('all'); });
  document.querySelector('.refuse').addEventListener('click', function () { tell('none'); });
  document.querySelector('.perso').addEventListener('click', function () { tell('none'); });
})();
