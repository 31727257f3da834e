
  // --- the documented call shapes (sdk_api.json "calls") ---------------------------------------------
  // A callback-style API is called as fn(callback, options), fn({ ...options, success, fail, complete }),
  // fn(options, callback) or fn({ ...options, callback }); `split` turns the arguments into one request.
  function fromOptions(options) {
    return {
      options: options, callback: typeof options.callback === 'function' ? options.callback : null,
      success: options.success, fail: options.fail, complete: options.complete
    };
  }
  function isOptions(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }
  function split(spec, args) {
    var first = args[0], second = args[1];
    switch (spec.call) {
      case 'callback_options':
        if (typeof first === 'function') return { callback: first, options: isOptions(second) ? second : {} };
        return Object.assign(fromOptions(isOptions(first) ? first : {}), { shapeError: 'takes (callback, options): the callback comes first' });
      case 'callback_or_options':
        if (typeof first === 'function') return { callback: first, options: isOptions(second) ? second : {} };
        if (first === undefined || isOptions(first)) return fromOptions(first || {});
        return { options: {}, shapeError: 'takes (callback, options) or ({ ...options, success, fail, complete })' };
      case 'options_callback':
        var request = fromOptions(isOptions(first) ? first : {});
        if (typeof second === 'function') request.callback = second;
        if (first !== undefined && !isOptions(first)) request.shapeError = 'takes (options, callback)';
        return request;
      default: // 'options'
        if (first === undefined || isOptions(first)) return fromOptions(first || {});
        return { options: {}, callback: null, shapeError: 'takes one options object ({ ...options, success, fail, complete })' };
    }
  }
  // What fail and complete get: TikTok's error object, also under .error (the games pages show
  // fail({ error: { error_code, error_msg, error_extra } }); code written either way reads it).
  function failValue(error) { return Object.assign({ error: error }, error); }
  // res: { data } on success, { error } on failure; `callback` overrides what a callback gets.
  // A declared `flag` (is_success / isSuccess) is what a callback reads: { flag: false, error } on failure.
  function respond(spec, request, res) {
    later(function () {
      var error = res.error || null, failed = { error: error };
      if (error && spec.flag) { failed = {}; failed[spec.flag] = false; failed.error = error; }
      var value = Object.prototype.hasOwnProperty.call(res, 'callback') ? res.callback : (error ? failed : res.data);
      if (request.record) request.record(request.callback ? value : error ? failValue(error) : res.data);
      if (request.callback) { safe(request.callback, value); return; }
      if (error) safe(request.fail, failValue(error)); else safe(request.success, res.data);
      safe(request.complete, error ? failValue(error) : res.data);
    });
  }
  var DIRECT = { sync: 1, constructor: 1, promise: 1, listener: 1, unlisten: 1 };
  function wrap(namespace, name, spec, impl) {
    if (DIRECT[spec.call]) {
      return function () {
        var id = record(namespace, name, arguments), value = impl.apply(null, arguments);
        if (value && typeof value.then === 'function') {
          value.then(function (v) { recordResult(id, namespace, name, v); }, function (e) { recordResult(id, namespace, name, { error: e }); });
        } else {
          recordResult(id, namespace, name, value);
        }
        return value;
      };
    }
    return function () {
      var id = record(namespace, name, arguments);
      var request = split(spec, arguments);
      request.record = function (value) { recordResult(id, namespace, name, value); };
      var where = namespace + '.' + name + '()';
      if (request.shapeError) {
        console.error('[TTMinis mock] ' + where + ' ' + request.shapeError);
        respond(spec, request, { error: makeError('invalidParams', where + ' ' + request.shapeError) });
        return undefined;
      }
      var problem = checkParams(spec, request.options);
      if (problem) {  // an API with its own code for this (the subscriptions' "Required params empty", a string) uses it
        var error = spec.params_error ? { error_code: spec.params_error[0], error_msg: spec.params_error[1] + ': ' + where + ': ' + problem } : makeError('invalidParams', where + ': ' + problem);
        respond(spec, request, { error: error });
        return;
      }
      var result;
      try { result = impl(request.options, request); } catch (e) { result = { error: makeError('invalidParams', where + ': ' + e.message) }; }
      var task = result && result.task;  // request, downloadFile, connectSocket, loadSubpackage: a task now, the result later
      Promise.resolve(task ? result.result : result).then(function (res) { respond(spec, request, res || { data: {} }); });
      if (!task && spec.returns === 'value' && result && !result.error && typeof result.then !== 'function') return result.data;  // getWindowInfo
      return task;
    };
  }
  function ready() { return !!state.clientKey; }
  function notReady() { return { error: makeError('notInitialised') }; }
