-- The Redis ledger's server side: every write runs here, so it is atomic across workers.
-- Layout and record format: see newscrawl/ledger/redis.py. Called as
--   EVALSHA sha 0 prefix buckets bands rows command args...
-- Key names are built here from the prefix: a single Redis server (not Cluster).

local P = ARGV[1]
local NB = tonumber(ARGV[2])
local BANDS = tonumber(ARGV[3])
local ROWS = tonumber(ARGV[4])
local CMD = ARGV[5]

local F_FETCHED, F_MODIFIED, F_LM_INT, F_LM_STR, F_ETAG, F_SITE, F_SIG = 1, 2, 4, 8, 16, 32, 64
local HEAD = '>BHI4I4i6i6'  -- flags, identity offset, seq, revision, first_seen, last_seen
local HEAD_LEN = 23
local ENTRY = 13            -- index entry: seq (4 bytes) + record field (9 bytes)

local function has(flags, f) return bit.band(flags, f) ~= 0 end

local function bucket(kind, h) return P .. kind .. ':' .. (struct.unpack('>I4', h) % NB) end

local function decode(v)
  local r = {}
  local pos
  r.flags, r.off, r.seq, r.rev, r.first, r.last = struct.unpack(HEAD, v)
  r.digest = string.sub(v, HEAD_LEN + 1, HEAD_LEN + 32)
  local ulen
  ulen, pos = struct.unpack('>H', v, HEAD_LEN + 33)
  r.url = string.sub(v, pos, pos + ulen - 1)
  pos = pos + ulen
  if has(r.flags, F_FETCHED) then r.fetched, pos = struct.unpack('>i6', v, pos) end
  if has(r.flags, F_MODIFIED) then r.modified, pos = struct.unpack('>i6', v, pos) end
  if has(r.flags, F_LM_INT) then
    local n
    n, pos = struct.unpack('>i6', v, pos)
    r.lastmod = 'i' .. n
  elseif has(r.flags, F_LM_STR) then
    local n
    n, pos = struct.unpack('>H', v, pos)
    r.lastmod = 's' .. string.sub(v, pos, pos + n - 1)
    pos = pos + n
  end
  if has(r.flags, F_ETAG) then
    local n
    n, pos = struct.unpack('>H', v, pos)
    r.etag = string.sub(v, pos, pos + n - 1)
    pos = pos + n
  end
  if has(r.flags, F_SITE) then r.site, pos = struct.unpack('>I4', v, pos) end
  if has(r.flags, F_SIG) then
    local n
    n, pos = struct.unpack('>H', v, pos)
    r.sig = string.sub(v, pos, pos + n - 1)
  end
  return r
end

local function encode(r)
  local flags, tail = 0, {}
  local function add(f, s) flags = flags + f; tail[#tail + 1] = s end
  if r.fetched then add(F_FETCHED, struct.pack('>i6', r.fetched)) end
  if r.modified then add(F_MODIFIED, struct.pack('>i6', r.modified)) end
  if r.lastmod then
    local kind, text = string.sub(r.lastmod, 1, 1), string.sub(r.lastmod, 2)
    if kind == 'i' then add(F_LM_INT, struct.pack('>i6', tonumber(text)))
    else add(F_LM_STR, struct.pack('>H', #text) .. text) end
  end
  if r.etag then add(F_ETAG, struct.pack('>H', #r.etag) .. r.etag) end
  if r.site then add(F_SITE, struct.pack('>I4', r.site)) end
  if r.sig then add(F_SIG, struct.pack('>H', #r.sig) .. r.sig) end
  return struct.pack(HEAD, flags, r.off, r.seq, r.rev, r.first, r.last) .. r.digest
    .. struct.pack('>H', #r.url) .. r.url .. table.concat(tail)
end

local function record_identity(v)
  local off = struct.unpack('>H', v, 2)
  local ulen = struct.unpack('>H', v, HEAD_LEN + 33)
  return string.sub(v, HEAD_LEN + 35 + off, HEAD_LEN + 34 + ulen)
end

-- a lookup value: identity offset (2 bytes), record field of the article (9 bytes), requested URL
local function lookup_identity(v)
  local off = struct.unpack('>H', v, 1)
  return string.sub(v, 12 + off)
end

-- The field holding `ident` in hash `key` (hash prefix h8 + probe byte), and its value (false when
-- absent: the field is then the free slot). Probing makes 64-bit hash collisions harmless.
local function locate(key, h8, ident, identity_of)
  local n = 0
  while true do
    local field = h8 .. string.char(n)
    local v = redis.call('HGET', key, field)
    if not v then return field, false end
    if identity_of(v) == ident then return field, v end
    n = n + 1
  end
end

local function list_add(key, field, seq, ref)
  local list = redis.call('HGET', key, field) or ''
  local pos = 1
  while pos <= #list do
    if string.sub(list, pos + 4, pos + 12) == ref then return end
    if struct.unpack('>I4', list, pos) > seq then break end
    pos = pos + ENTRY
  end
  local entry = struct.pack('>I4', seq) .. ref
  redis.call('HSET', key, field, string.sub(list, 1, pos - 1) .. entry .. string.sub(list, pos))
end

local function list_remove(key, field, ref)
  local list = redis.call('HGET', key, field)
  if not list then return end
  for pos = 1, #list, ENTRY do
    if string.sub(list, pos + 4, pos + 12) == ref then
      local rest = string.sub(list, 1, pos - 1) .. string.sub(list, pos + ENTRY)
      if rest == '' then redis.call('HDEL', key, field) else redis.call('HSET', key, field, rest) end
      return
    end
  end
end

local function band_slots(sig)
  local slots = {}
  for b = 0, BANDS - 1 do
    local chunk = string.sub(sig, b * ROWS + 1, (b + 1) * ROWS)
    local head = string.sub(chunk .. '\0\0\0\0', 1, 4)
    local key = P .. 'b:' .. ((struct.unpack('>I4', head) + b * 7919) % NB)
    slots[#slots + 1] = {key, struct.pack('>H', b) .. chunk}
  end
  return slots
end

local function bands_add(sig, seq, ref)
  for _, slot in ipairs(band_slots(sig)) do list_add(slot[1], slot[2], seq, ref) end
end

local function bands_remove(sig, ref)
  for _, slot in ipairs(band_slots(sig)) do list_remove(slot[1], slot[2], ref) end
end

-- The earliest article (other than identity `skip`) whose current content is `digest`: url or nil.
local function find_content(digest, skip)
  local list = redis.call('HGET', bucket('c', digest), string.sub(digest, 5, 12))
  if not list then return nil end
  for pos = 1, #list, ENTRY do
    local ref = string.sub(list, pos + 4, pos + 12)
    local v = redis.call('HGET', bucket('u', ref), ref)
    if v and string.sub(v, HEAD_LEN + 1, HEAD_LEN + 32) == digest and record_identity(v) ~= skip then
      return decode(v).url
    end
  end
  return nil
end

local function site_id(name)
  local id = redis.call('HGET', P .. 'sites', name)
  if id then return tonumber(id) end
  id = redis.call('HINCRBY', P .. 'meta', 'site_seq', 1)
  redis.call('HSET', P .. 'sites', name, id)
  redis.call('HSET', P .. 'site_names', id, name)
  return id
end

local function opt(text) if text == '' then return nil end return string.sub(text, 2) end
local function optnum(text) if text == '' then return nil end return tonumber(text) end

-- Map requested URL (h8, url, identity offset) to the article in record field `ref`: 1 if recorded.
local function remember(rh8, rurl, roff, ref)
  local rident = string.sub(rurl, roff + 1)
  local _, own = locate(bucket('u', rh8), rh8, rident, record_identity)
  if own then return 0 end
  local key = bucket('r', rh8)
  local field = locate(key, rh8, rident, lookup_identity)
  redis.call('HSET', key, field, struct.pack('>H', roff) .. ref .. rurl)
  return 1
end

local function commit_one(a, now)
  -- a: h8, url, off, digest, fetched, modified, lastmod, etag, site, sig, rh8, rurl, roff
  local h8, url, off, digest = a[1], a[2], tonumber(a[3]), a[4]
  local ident = string.sub(url, off + 1)
  local key = bucket('u', h8)
  local field, v = locate(key, h8, ident, record_identity)
  local sig = a[10] ~= '' and a[10] or nil
  local site = opt(a[9])
  local status, dup, r
  if not v then
    local seq = redis.call('HINCRBY', P .. 'meta', 'seq', 1)
    dup = find_content(digest, ident)
    r = {off = off, seq = seq, rev = 1, first = now, last = now, digest = digest, url = url,
         fetched = tonumber(a[5]), modified = optnum(a[6]), lastmod = opt(a[7]),
         etag = opt(a[8]), site = site and site_id(site), sig = sig}
    list_add(bucket('c', digest), string.sub(digest, 5, 12), seq, field)
    if sig then bands_add(sig, seq, field) end
    status = 1
  else
    r = decode(v)
    r.last, r.fetched = now, tonumber(a[5])
    if site then r.site = site_id(site) end
    if r.digest == digest then
      r.modified = optnum(a[6]) or r.modified
      r.lastmod = (opt(a[7])) or r.lastmod
      r.etag = opt(a[8]) or r.etag
      if sig and not r.sig then r.sig = sig; bands_add(sig, r.seq, field) end
      status = 3
    else
      list_remove(bucket('c', r.digest), string.sub(r.digest, 5, 12), field)
      r.digest, r.rev = digest, r.rev + 1
      r.modified, r.lastmod, r.etag = optnum(a[6]), opt(a[7]), opt(a[8])
      dup = find_content(digest, ident)
      list_add(bucket('c', digest), string.sub(digest, 5, 12), r.seq, field)
      if sig then
        if r.sig then bands_remove(r.sig, field) end
        r.sig = sig
        bands_add(sig, r.seq, field)
      end
      status = 2
    end
  end
  redis.call('HSET', key, field, encode(r))
  if a[11] ~= '' then remember(a[11], a[12], tonumber(a[13]), field) end
  return {r.rev, status, dup or ''}
end

if CMD == 'commit' then
  local now, width, out = tonumber(ARGV[6]), 13, {}
  for i = 7, #ARGV, width do
    local a = {}
    for j = 0, width - 1 do a[j + 1] = ARGV[i + j] end
    for _, x in ipairs(commit_one(a, now)) do out[#out + 1] = x end
  end
  return out
elseif CMD == 'commit_pending' then
  -- now, pending hash, pending set, stem, n, n x 13 commit arguments, n payloads: commit as
  -- 'commit' and, in the same step, park the payload of each record this call won (new with no
  -- earlier copy of its content, or revised) in the pending hash until its writer made it durable
  local now, pkey, pset, stem, n, width, out = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10]), 13, {}
  local won = 0
  for k = 0, n - 1 do
    local a, base = {}, 11 + k * width
    for j = 0, width - 1 do a[j + 1] = ARGV[base + j] end
    local res = commit_one(a, now)
    if res[2] == 2 or (res[2] == 1 and res[3] == '') then
      redis.call('HSET', pkey, a[2], res[1] .. '\n' .. ARGV[11 + n * width + k])
      won = won + 1
    end
    for _, x in ipairs(res) do out[#out + 1] = x end
  end
  if won > 0 then redis.call('SADD', pset, stem) end
  return out
elseif CMD == 'records' then  -- pairs of h8, identity: the record of each (false when unknown)
  local out = {}
  for i = 6, #ARGV, 2 do
    local _, v = locate(bucket('u', ARGV[i]), ARGV[i], ARGV[i + 1], record_identity)
    out[#out + 1] = v
  end
  return out
elseif CMD == 'touch' then  -- h8 url off fetched etag lastmod
  local h8, url, off = ARGV[6], ARGV[7], tonumber(ARGV[8])
  local key = bucket('u', h8)
  local field, v = locate(key, h8, string.sub(url, off + 1), record_identity)
  if not v then return 0 end
  local r = decode(v)
  r.fetched = tonumber(ARGV[9])
  r.etag = opt(ARGV[10]) or r.etag
  r.lastmod = opt(ARGV[11]) or r.lastmod
  redis.call('HSET', key, field, encode(r))
  return 1
elseif CMD == 'remember' then  -- rh8 rurl roff ch8 curl coff
  local ch8, curl, coff = ARGV[9], ARGV[10], tonumber(ARGV[11])
  local field, v = locate(bucket('u', ch8), ch8, string.sub(curl, coff + 1), record_identity)
  if not v then return 0 end
  return remember(ARGV[6], ARGV[7], tonumber(ARGV[8]), field)
elseif CMD == 'lookup' then  -- h8 url off: the record of a requested URL (own, else remembered)
  local h8, url, off = ARGV[6], ARGV[7], tonumber(ARGV[8])
  local ident = string.sub(url, off + 1)
  local _, v = locate(bucket('u', h8), h8, ident, record_identity)
  if v then return v end
  local _, mapped = locate(bucket('r', h8), h8, ident, lookup_identity)
  if not mapped then return false end
  local ref = string.sub(mapped, 3, 11)
  return redis.call('HGET', bucket('u', ref), ref)
elseif CMD == 'find_content' then  -- digest, skip identity ('' = none, else '=' .. identity)
  return find_content(ARGV[6], opt(ARGV[7])) or false
elseif CMD == 'candidates' then  -- sig: records sharing a band with it
  local seen, out = {}, {}
  for _, slot in ipairs(band_slots(ARGV[6])) do
    local list = redis.call('HGET', slot[1], slot[2])
    if list then
      for pos = 1, #list, ENTRY do
        local ref = string.sub(list, pos + 4, pos + 12)
        if not seen[ref] then
          seen[ref] = true
          out[#out + 1] = redis.call('HGET', bucket('u', ref), ref)
        end
      end
    end
  end
  return out
elseif CMD == 'rebuild_bands' then  -- one record bucket number: index its signatures again
  local all = redis.call('HGETALL', P .. 'u:' .. ARGV[6])
  for i = 1, #all, 2 do
    local r = decode(all[i + 1])
    if r.sig then bands_add(r.sig, r.seq, all[i]) end
  end
  return #all / 2
end
return redis.error_reply('unknown ledger command ' .. tostring(CMD))
