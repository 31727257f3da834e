-- POST a client_credentials grant; args: client_key client_secret [path]
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  if args[1] == "axa" then
    wrk.body = "grant_type=client_credentials&client_id=bench&client_secret=bench&scope=read"
  else
    wrk.body = "grant_type=client_credentials&client_key=" .. args[1] .. "&client_secret=" .. args[2]
  end
end
