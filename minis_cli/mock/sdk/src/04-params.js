  // --- a call's declared parameters, checked (the SDK's and the native-game host's one check) ---------------
  function typeOf(value) { return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value; }
  // The declared parameters: required ones present, of their type, and one of their values when listed.
  function checkParams(spec, options) {
    var params = spec.params || {};
    for (var name in params) {
      if (!Object.prototype.hasOwnProperty.call(params, name)) continue;
      var p = params[name], value = options[name];
      if (value === undefined || value === null || value === '') {
        if (p.required) return name + ' is required';
        continue;
      }
      if (p.type && typeOf(value) !== p.type) return name + ' must be a ' + p.type + ', not ' + typeOf(value);
      if (p.values && p.values.map(function (v) { return String(v).toLowerCase(); }).indexOf(String(value).toLowerCase()) === -1) {
        return name + ' must be one of ' + p.values.join(', ');
      }
    }
    return null;
  }
