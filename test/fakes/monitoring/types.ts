// Message types of google.monitoring.v3 as the fake stores them (shapes from the client's
// generated typings; enums are names, int64 are strings).
import type { protos } from "@google-cloud/monitoring";

export type IUptimeCheckConfig = protos.google.monitoring.v3.IUptimeCheckConfig;
export type IAlertPolicy = protos.google.monitoring.v3.IAlertPolicy;
export type ICondition = protos.google.monitoring.v3.AlertPolicy.ICondition;
export type INotificationChannel = protos.google.monitoring.v3.INotificationChannel;
export type IDuration = protos.google.protobuf.IDuration;
