import { runMethodCli } from '@depthkit/core';
import { regionSupport } from '../src/method.js';

runMethodCli(regionSupport);
