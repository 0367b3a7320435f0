'use strict'

// Large message bodies go from the message straight to the kernel over tcp (see
// docs/performance.md, "Large bodies over tcp"). zmq-napi raises libzmq's write batch to
// 256 KiB for small messages (native/socket.cc); libzmq then copied every body into that
// batch, where its default 8 KiB batch writes any body of 8 KiB or more from the message
// itself. These edits restore that for such bodies while small messages still share the
// large batch. Only tcp engines do it: over ipc the extra write per message measured slower.

const { sourceChange } = require('./source-edits')

const EDITS = [
  {
    name: 'the encoder interface can hold a message back and write bodies directly',
    file: 'src/i_encoder.hpp',
    find: '    virtual void load_msg (msg_t *msg_) = 0;\n',
    replace: `    virtual void load_msg (msg_t *msg_) = 0;

    //  zmq-napi: whether the loaded message is not fully encoded yet, so the
    //  engine must write what it has before loading another.
    virtual bool message_pending () const = 0;

    //  zmq-napi: from now on, write bodies of direct_body_bytes and more from
    //  the message rather than through the batch (encoder.hpp).
    virtual void write_large_bodies_directly () = 0;
`,
  },
  {
    name: 'the size from which bodies are written directly',
    file: 'src/i_encoder.hpp',
    find: 'struct i_encoder\n{',
    replace: '//  zmq-napi: libzmq\'s default write batch.\nstatic const size_t direct_body_bytes = 8192;\n\nstruct i_encoder\n{',
  },
  {
    name: 'encoders start with the usual copying',
    file: 'src/encoder.hpp',
    find: '        _buf_size (bufsize_),\n',
    replace: '        _buf_size (bufsize_),\n        _large_bodies_direct (false),\n',
  },
  {
    name: 'encoders remember whether to write large bodies directly',
    file: 'src/encoder.hpp',
    find: '    const size_t _buf_size;\n',
    replace: '    const size_t _buf_size;\n    bool _large_bodies_direct;\n',
  },
  {
    name: 'encoders answer the new interface',
    file: 'src/encoder.hpp',
    find: '    size_t encode (unsigned char **data_, size_t size_) ZMQ_FINAL\n',
    replace: `    bool message_pending () const ZMQ_FINAL { return _in_progress != NULL; }

    //  Only a batch larger than the default needs it.
    void write_large_bodies_directly () ZMQ_FINAL
    {
        _large_bodies_direct = _buf_size > direct_body_bytes;
    }

    size_t encode (unsigned char **data_, size_t size_) ZMQ_FINAL
`,
  },
  {
    name: 'a large body is handed over whole even when it would not fill the batch',
    file: 'src/encoder.hpp',
    find: '            if (!pos && !*data_ && _to_write >= buffersize) {\n',
    replace:
      '            //  zmq-napi: with write_large_bodies_directly, from\n' +
      '            //  direct_body_bytes on.\n' +
      '            if (!pos && !*data_\n' +
      '                && _to_write >= (_large_bodies_direct ? direct_body_bytes\n' +
      '                                                      : buffersize)) {\n',
  },
  {
    // The batch is topped up to the default size with the body's first bytes, as the
    // default batch would be, so a header never goes out in a write of its own.
    name: 'a large body ends the batch',
    file: 'src/encoder.hpp',
    find: '            //  Copy data to the buffer. If the buffer is full, return.\n',
    replace: `            //  zmq-napi: a large body behind other data ends the batch at the
            //  default size; the next call, starting empty, hands over the rest.
            if (_large_bodies_direct && _to_write >= direct_body_bytes) {
                const size_t batch_end = std::min (buffersize, direct_body_bytes);
                if (pos < batch_end) {
                    memcpy (buffer + pos, _write_pos, batch_end - pos);
                    _write_pos += batch_end - pos;
                    _to_write -= batch_end - pos;
                    pos = batch_end;
                }
                *data_ = buffer;
                return pos;
            }

            //  Copy data to the buffer. If the buffer is full, return.
`,
  },
  {
    name: 'the engine writes a held-back message before loading the next',
    file: 'src/stream_engine_base.cpp',
    find: '        while (_outsize < static_cast<size_t> (_options.out_batch_size)) {\n',
    replace:
      '        while (_outsize < static_cast<size_t> (_options.out_batch_size)\n' +
      '               && !_encoder->message_pending ()) {\n',
  },
  {
    name: 'tcp engines write large bodies directly',
    file: 'src/stream_engine_base.cpp',
    find: '            _handshaking = false;\n',
    replace: `            _handshaking = false;

            //  zmq-napi: over tcp only; over ipc the extra write per large
            //  message measured slower than the copy it saves.
            if (_encoder
                && _endpoint_uri_pair.local.compare (0, 6, "tcp://") == 0)
                _encoder->write_large_bodies_directly ();
`,
  },
]

module.exports = sourceChange('libzmq direct bodies', EDITS)
