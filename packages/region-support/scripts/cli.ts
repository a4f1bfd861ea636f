import { runMethodCli } from '@depthkit/core/cli';
import { regionSupport } from '../src/method.js';

runMethodCli(regionSupport);
