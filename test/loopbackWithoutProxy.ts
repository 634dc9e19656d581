// Jest setup for every test file: requests to emulators on 127.0.0.1 never go through an HTTP proxy,
// in the test process and in every process it spawns.
import { LOOPBACK_WITHOUT_PROXY } from "../engineReplay/hostEnvironment";

Object.assign(process.env, LOOPBACK_WITHOUT_PROXY);
