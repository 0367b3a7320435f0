"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ZAP_ENDPOINT = exports.CURVE_ALLOW_ANY = exports.ANY_DOMAIN = exports.Authenticator = void 0;
// ZAP authentication (ZMQ RFC 27): the built-in handler and its types.
var authenticator_1 = require("./authenticator");
Object.defineProperty(exports, "Authenticator", { enumerable: true, get: function () { return authenticator_1.Authenticator; } });
var rules_1 = require("./rules");
Object.defineProperty(exports, "ANY_DOMAIN", { enumerable: true, get: function () { return rules_1.ANY_DOMAIN; } });
Object.defineProperty(exports, "CURVE_ALLOW_ANY", { enumerable: true, get: function () { return rules_1.CURVE_ALLOW_ANY; } });
var zap_1 = require("./zap");
Object.defineProperty(exports, "ZAP_ENDPOINT", { enumerable: true, get: function () { return zap_1.ZAP_ENDPOINT; } });
