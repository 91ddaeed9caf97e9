// Épicerie Lavande: its cookie banner is tarteaucitron.js 1.34.0 (npm "tarteaucitronjs"), set up
// as its installation guide gives it: a bottom banner with "Tout accepter", "Tout refuser" and
// "Personnaliser", Google Analytics (GA4) only after consent.
tarteaucitron.init({
  privacyUrl: '/',
  bodyPosition: 'bottom',
  hashtag: '#tarteaucitron',
  cookieName: 'tarteaucitron',
  orientation: 'bottom',
  groupServices: false,
  serviceDefaultState: 'wait',
  showAlertSmall: false,
  cookieslist: false,
  showIcon: true,
  iconPosition: 'BottomRight',
  adblocker: false,
  DenyAllCta: true,
  AcceptAllCta: true,
  highPrivacy: true,
  handleBrowserDNTRequest: false,
  removeCredit: false,
  moreInfoLink: true,
  useExternalCss: false,
  useExternalJs: false,
  mandatory: true,
  mandatoryCta: true,
  googleConsentMode: true,
  partnersList: false,
});
tarteaucitron.user.gtagUa = 'G-LAVANDE';
(tarteaucitron.job = tarteaucitron.job || []).push('gtag');
