// `scan --fill`: types a synthetic identity into every visible personal-data field of a page
// as a person types (focus, key by key, then Tab, so the page's input, change and blur
// handlers all run), never submits and never clicks a button, then waits for the requests to
// settle. What the page sends of it is then judged by ShopTrust ("Data you type", issue 12).
import { randomBytes } from 'node:crypto';

/** The identity typed: a fresh e-mail each scan so a value is never confused with another page's. */
export function syntheticIdentity() {
  return {
    email: `probe.${randomBytes(4).toString('hex')}@example.com`,
    phone: '+44 20 7946 0958',
    givenName: 'Robin',
    familyName: 'Testperson',
    name: 'Robin Testperson',
    street: '17 Larkspur Lane',
    postcode: 'SW1A 2AA',
    birthDate: '1987-04-23',
    card: '4242 4242 4242 4242',
    // A future expiry: next year, December.
    expiry: `12/${String((new Date().getFullYear() + 1) % 100).padStart(2, '0')}`,
    cvc: '123',
  };
}

/**
 * What to type into an input, from its attributes (run in the page): a key of the identity,
 * or null for inputs that hold no personal data (search, quantity, coupon, hidden, buttons).
 * Card fields get the test card only when they are in the page itself (the caller types in
 * the top frame only): a provider's frame is not the page's.
 */
function pickField(el) {
  const type = String(el.type || 'text').toLowerCase();
  if (!['text', 'email', 'tel', 'password', 'number', ''].includes(type)) return null;
  if (el.disabled || el.readOnly) return null;
  const auto = (el.getAttribute('autocomplete') || '').toLowerCase().split(/\s+/).pop();
  const byAuto = {
    email: 'email', tel: 'phone', 'tel-national': 'phone', name: 'name', 'given-name': 'givenName',
    'family-name': 'familyName', 'street-address': 'street', 'address-line1': 'street', 'postal-code': 'postcode',
    bday: 'birthDate', 'cc-number': 'card', 'cc-exp': 'expiry', 'cc-csc': 'cvc', 'cc-name': 'name',
  }[auto];
  if (byAuto) return byAuto;
  if (type === 'email') return 'email';
  if (type === 'tel') return 'phone';
  if (type === 'password') return null; // never type a password into a stranger's page
  const labels = [...(el.labels || [])].map((l) => l.textContent).join(' ');
  const text = [el.name, el.id, el.placeholder, el.getAttribute('aria-label'), labels].join(' ').toLowerCase();
  const rules = [
    [/e-?mail|courriel|correo/, 'email'],
    [/card.?num|cc.?num|kartennummer|numéro de carte|número de tarjeta|numero di carta|kaartnummer/, 'card'],
    [/expir|gültig|mm ?\/ ?(yy|jj|aa)/, 'expiry'],
    [/cvc|cvv|csc|security code|prüfnummer/, 'cvc'],
    [/phone|telefon|téléphone|teléfono|telefono|telefoon|mobile|handy/, 'phone'],
    [/zip|post.?code|postal|postleitzahl|plz|code postal|código postal|cap\b/, 'postcode'],
    [/birth|geburt|naissance|nacimiento|nascita|geboorte/, 'birthDate'],
    [/address|adresse|dirección|indirizzo|adres|street|stra(ss|ß)e|straat|calle/, 'street'],
    [/first.?name|given|vorname|prénom|voornaam/, 'givenName'],
    [/last.?name|surname|family|nachname|apellido|cognome|achternaam/, 'familyName'],
    [/name|nombre|nome|naam/, 'name'],
  ];
  return rules.find(([re]) => re.test(text))?.[1] ?? null;
}

/** Types the identity into the page's visible personal-data fields; returns what it typed where. */
export async function fillPage(page, identity = syntheticIdentity(), { settleMs = 2000 } = {}) {
  const marked = await page.evaluate((pick) => {
    // eslint-disable-next-line no-new-func
    const choose = new Function(`return (${pick})`)();
    const out = [];
    let n = 0;
    for (const el of document.querySelectorAll('input')) {
      const visible = el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0;
      const kind = visible ? choose(el) : null;
      if (!kind) continue;
      const mark = `shoptrust-fill-${n++}`;
      el.setAttribute('data-shoptrust-fill', mark);
      out.push({ mark, kind });
    }
    return out;
  }, pickField.toString());
  const typed = [];
  for (const { mark, kind } of marked) {
    const selector = `[data-shoptrust-fill="${mark}"]`;
    try {
      await page.focus(selector);
      await page.type(selector, identity[kind], { delay: 20 });
      await page.keyboard.press('Tab');
      typed.push(kind);
    } catch {
      // The page removed or hid the field meanwhile: go on with the others.
    }
  }
  // Let the page's handlers send (blur, change, debounced beacons), and the requests finish.
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(settleMs);
  return typed;
}
