import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { ApiErrorResponses } from '../api-error-responses';
import { EventsPageDto, ListEventsQueryDto, type EventsPageBody } from '../dto/events.dto';
import { ChainEventListing } from '../queries/chain-event-listing';

@ApiTags('chain')
@Controller()
export class EventsController {
  constructor(@Inject(ChainEventListing) private readonly events: ChainEventListing) {}

  @Get('events')
  @ApiOperation({ summary: 'Stored contract events, newest first, with filters and a cursor' })
  @ZodResponse({ status: 200, type: EventsPageDto })
  @ApiErrorResponses(400, 429, 500)
  list(
    // explicit pipe: runtimes without decorator metadata (tsx) must validate too
    @Query(new ZodValidationPipe(ListEventsQueryDto)) query: ListEventsQueryDto,
  ): Promise<EventsPageBody> {
    return this.events.list(query);
  }
}
