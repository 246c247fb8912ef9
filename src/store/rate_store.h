// Actions counted per client over a sliding window (comments, subscription requests), kept in
// the database so that a limit holds whichever of the site's servers a client reaches.
#pragma once

#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace tribune {

class RateStore {
 public:
  virtual ~RateStore() = default;

  // Records an action of `client` at `now` when fewer than `limit` of its actions are recorded
  // after `now - window`, and says whether it did; a refused action is not recorded. One
  // transaction: servers sharing the database take turns, so `limit` holds across them.
  // `client` is a keyed hash naming the client and the kind of action, never an address.
  virtual Result<bool> record_limited_action(std::string_view client, UnixSeconds now,
                                             UnixSeconds window, int limit) = 0;
  // Forgets every action recorded before `before` (housekeeping); how many.
  virtual Result<int> forget_actions_before(UnixSeconds before) = 0;
};

}  // namespace tribune
