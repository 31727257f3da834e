  // --- the namespaces, built from the declared APIs (each file's declare() calls) -------------------------
  // Only the declared APIs, and only those the simulated client version has; each call is checked against
  // its declared shape and recorded.
  var missing = [];
  function build(namespace) {
    var out = {}, apis = DECLARED[namespace], impls = IMPLEMENTATIONS[namespace];
    Object.keys(apis).sort().forEach(function (name) {
      var spec = apis[name];
      if (!atLeast(spec.since)) return;
      var impl = impls[name];
      if (impl === undefined) { missing.push(namespace + '.' + name); return; }
      out[name] = spec.call === 'value' ? impl : wrap(namespace, name, spec, impl);
    });
    return out;
  }
  var game = build('TTMinis.game');
  var drama = build('TTMinis');
  if (missing.length) console.debug('[TTMinis mock] declared but not implemented yet: ' + missing.join(', '));
  Object.defineProperty(drama, '__mock', { value: { flavor: FLAVOR, clientVersion: CLIENT_VERSION, missing: missing, fire: emit } });
  drama.game = game;
  window.TTMinis = drama;
  // A native-runtime game reaches the games API as tt and wx too ("compatible with tt, wx, and TTMinis.game").
  if (FLAVOR === 'game' || FLAVOR === 'native') {
    if (!window.tt) window.tt = game;
    if (!window.wx) window.wx = game;
  }
})();
