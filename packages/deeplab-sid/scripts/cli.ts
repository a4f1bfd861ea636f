import { runMethodCli } from '@depthkit/core';
import { deeplabSid } from '../src/method.js';

runMethodCli(deeplabSid);
