DROP INDEX "public_events_office_kind";--> statement-breakpoint
DROP INDEX "public_events_token";--> statement-breakpoint
DROP INDEX "tickets_counter_state";--> statement-breakpoint
DROP INDEX "tickets_target_state";--> statement-breakpoint
CREATE INDEX "public_events_calls" ON "public_events" USING btree ("office_id","id") WHERE kind = 'call';--> statement-breakpoint
CREATE INDEX "public_events_token" ON "public_events" USING btree ("ticket_token","id") WHERE ticket_token is not null;--> statement-breakpoint
CREATE INDEX "tickets_counter_state" ON "tickets" USING btree ("counter_id","state") WHERE counter_id is not null;--> statement-breakpoint
CREATE INDEX "tickets_target_state" ON "tickets" USING btree ("target_counter_id","state") WHERE target_counter_id is not null;