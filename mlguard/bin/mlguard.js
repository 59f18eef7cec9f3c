#!/usr/bin/env node
"use strict";
console.error("mlguard: not built yet");
process.exit(2);
