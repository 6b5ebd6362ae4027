/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
import "./lib/load-context";
