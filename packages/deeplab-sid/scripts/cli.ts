import { runMethodCli } from '@depthkit/core/cli';
import { deeplabSid } from '../src/method.js';

runMethodCli(deeplabSid);
