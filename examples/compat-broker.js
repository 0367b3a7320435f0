// A request-reply broker written for the `zmq` module (zeromq.node 2.x); only the
// require line was changed. REQ clients talk to a ROUTER frontend, REP workers to a
// DEALER backend, and zmq.proxy() joins the two. Each client sends its requests one
// after another, prints the replies, and the broker shuts down when all are answered.
// Message bodies are single frames: zmq 2.x's proxy forwarded only one body frame.
//
//   node examples/compat-broker.js [clients] [requests per client]
var zmq = require("zmq-napi/compat") // was: require("zmq")
var util = require("util")

var CLIENTS = parseInt(process.argv[2], 10) || 3
var REQUESTS = parseInt(process.argv[3], 10) || 4
var WORKERS = 2

// A worker is a REP socket that adds numbers: the ES5 way to extend a zmq socket.
function Worker(id, endpoint) {
  zmq.Socket.call(this, "rep")
  this.identity = "worker-" + id
  this.linger = 0
  this.handled = 0
  this.connect(endpoint)
  this.on("message", this.onRequest.bind(this))
}
util.inherits(Worker, zmq.Socket)

Worker.prototype.onRequest = function (request) {
  var words = request.toString().split(" ")
  if (words[0] !== "add") throw new Error("unknown operation " + words[0])
  this.handled++
  this.send(Number(words[1]) + Number(words[2]) + " from " + this.identity)
}

function startClient(id, endpoint, done) {
  var client = zmq.socket("req")
  var sent = 0
  client.identity = "client-" + id
  client.connect(endpoint)
  client.on("message", function (reply) {
    console.log("%s: request %d: %s", client.identity, sent - 1, reply)
    if (sent === REQUESTS) {
      client.close()
      return done()
    }
    ask()
  })
  function ask() {
    client.send("add " + id + " " + sent++, 0, function (err) {
      if (err) throw err
    })
  }
  ask()
}

var frontend = zmq.socket("router")
var backend = zmq.socket("dealer")

frontend.bind("tcp://127.0.0.1:*", function (err) {
  if (err) throw err
  backend.bindSync("tcp://127.0.0.1:*")
  zmq.proxy(frontend, backend)

  var workers = []
  for (var w = 0; w < WORKERS; w++) workers.push(new Worker(w + 1, backend.last_endpoint))

  var remaining = CLIENTS
  for (var c = 0; c < CLIENTS; c++) {
    startClient(c, frontend.last_endpoint, function () {
      if (--remaining > 0) return
      var handled = workers.map(function (worker) {
        worker.close()
        return worker.handled
      })
      frontend.close()
      backend.close()
      console.log("done: %d replies, by worker: %s", CLIENTS * REQUESTS, handled.join(" "))
    })
  }
})
